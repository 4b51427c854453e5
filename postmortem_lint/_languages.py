"""Common function words of the languages PM502 names, and the scripts it tells apart.

Data only: short lists of each language's most frequent words (articles, pronouns,
prepositions, auxiliaries), enough to tell which language a page of prose is in. A word
shared by two languages (``a``, ``de``, ``in``) counts for both.
"""

# ruff: noqa: RUF001 (Turkish writes the dotless i)

from __future__ import annotations

from types import MappingProxyType

_WORDS = {
    "en": "the of and to a in is was were are be been it that this for on with as at by from "
    "we our us they their them he she his her its an or not no but if when then than so "
    "which who what after before about into out up down over all also only had has have "
    "did do does could would should will can there here these those while because until "
    "during since through again more most some any each other such very just",
    "es": "el la los las de del y en que un una por para con no se es fue era eran son al lo "
    "su sus como más pero o ya este esta estos estas ese esa nos nuestro nuestra nuestros "
    "cuando donde porque durante después antes sin sobre entre hasta desde también muy "
    "hay fueron había han ha ser todo todos todas cada otro otra",
    "fr": "le la les de des du et en un une est était étaient sont que qui pour par avec dans "
    "sur ne pas plus au aux ce cette ces nous notre nos ils elles il elle se sa son ses "
    "leur leurs mais ou où donc car lorsque quand après avant pendant depuis sans entre "
    "aussi très été avons ont a tout tous toutes chaque",
    "de": "der die das den dem des ein eine einen einem einer und ist war waren sind zu im in "
    "mit von auf für nicht sich es wir unser unsere sie er nach vor bei aus als auch wie "
    "wurde wurden hat haben hatte kein keine oder aber wenn dass durch über unter bis seit "
    "während noch nur sehr alle jede",
    "pt": "o a os as de do da dos das e em no na nos nas um uma que por para com não se é foi "
    "era eram são ao à como mais mas ou já este esta isso nosso nossa nossos quando onde "
    "porque durante depois antes sem sobre entre até desde também muito havia tinha foram "
    "todo todos cada",
    "it": "il lo la i gli le di del della dei delle e è era erano sono un una che per con non "
    "si al alla nel nella da dal come più ma o già questo questa nostro nostra nostri "
    "quando dove perché durante dopo prima senza sopra tra fra fino anche molto stato stata "
    "hanno ha abbiamo tutti ogni",
    "nl": "de het een en van in is was waren zijn te op met voor niet dat die dit deze er we "
    "wij ons onze ze zij hij aan als ook bij door naar om uit over tot tijdens na voordat "
    "omdat maar of wanneer toen nog al alle werd werden heeft hebben had geen elk",
    "sw": "na ya wa za la kwa ni katika kwenye huku hii hiyo hizi kuwa ili lakini au pia sana "
    "kama baada kabla wakati kwamba tulikuwa ilikuwa walikuwa tu hata bila kila wote "
    "yote yetu wetu zetu letu sisi wao yeye ambao ambayo ambapo hadi tangu",
    "id": "yang dan di ke dari untuk dengan pada tidak ini itu adalah akan sudah telah dalam "
    "kami kita mereka ia dia atau tetapi juga karena saat ketika setelah sebelum selama "
    "oleh sebagai bahwa ada bisa dapat lebih sangat semua setiap hanya masih agar",
    "tr": "ve bir bu da de ile için olarak olan çok daha en ama veya gibi sonra önce kadar "
    "ancak çünkü her hiç biz bizim onlar bunu bunun şu sırasında olduğu oldu değil ise "
    "mi ne kim yine hem tüm bütün",
    "pl": "i w na z się nie do że to jest był była było były są o od po przez dla ale lub oraz "
    "jak jako przed podczas po gdy kiedy który która które nasz nasza nasze my oni ich "
    "jego jej tak także bardzo już jeszcze tylko wszystkie każdy",
}

LANGUAGE_NAMES = MappingProxyType(
    {
        "en": "English",
        "es": "Spanish",
        "fr": "French",
        "de": "German",
        "pt": "Portuguese",
        "it": "Italian",
        "nl": "Dutch",
        "sw": "Swahili",
        "id": "Indonesian",
        "tr": "Turkish",
        "pl": "Polish",
    }
)
WORDS = MappingProxyType({code: frozenset(text.split()) for code, text in _WORDS.items()})
INDEX = MappingProxyType(  # each common word, and the languages it is common in
    {
        word: tuple(code for code, words in WORDS.items() if word in words)
        for word in frozenset().union(*WORDS.values())
    }
)

# Scripts other than Latin, by code point range, and what prose in them most likely is.
SCRIPTS = (
    ((0x0400, 0x04FF), "Cyrillic", "Russian or another Cyrillic-script language"),
    ((0x0600, 0x06FF), "Arabic", "Arabic"),
    ((0x0900, 0x097F), "Devanagari", "Hindi"),
    ((0x3040, 0x30FF), "Kana", "Japanese"),
    ((0x4E00, 0x9FFF), "Han", "Chinese"),
    ((0xAC00, 0xD7AF), "Hangul", "Korean"),
    ((0x0370, 0x03FF), "Greek", "Greek"),
    ((0x0590, 0x05FF), "Hebrew", "Hebrew"),
    ((0x0E00, 0x0E7F), "Thai", "Thai"),
)

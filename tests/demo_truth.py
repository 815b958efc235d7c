"""Ground truth for the built-in example corpus (src/crosswire/examples/demo), written with it.

Tests across the project check crosswire's answers on the demo against these facts.
"""

FERRY = ["01_meridian_wire", "02_valley_courier", "03_newsblast_spun", "04_vbc_news",
         "05_lakeside_post", "06_daily_ledger"]
REGATTA = ["roundup-regatta", "roundup-regatta-results"]
STORIES = [FERRY, REGATTA]

# Origin groups of the ferry story: the wire + its reprint; the broadcaster + its spun copy;
# two independent reports. So 6 articles, 4 independent sources.
FERRY_ORIGINS = [
    {"01_meridian_wire", "02_valley_courier"},
    {"03_newsblast_spun", "04_vbc_news"},
    {"05_lakeside_post"},
    {"06_daily_ledger"},
]
REGATTA_ORIGINS = [{"roundup-regatta"}, {"roundup-regatta-results"}]

# Relations between pairs (unordered). 06 only repeats the wire's quotation: not one source.
RELATIONS = {
    frozenset({"01_meridian_wire", "02_valley_courier"}): "edited",
    frozenset({"03_newsblast_spun", "04_vbc_news"}): "rewritten",
}
QUOTED_ONLY = [frozenset({"01_meridian_wire", "06_daily_ledger"})]

# Wire agencies credited or cited.
AGENCIES = {
    "01_meridian_wire": ["Reuters"],
    "02_valley_courier": ["Reuters"],
    "05_lakeside_post": ["AFP"],
    "06_daily_ledger": ["AP"],
    "03_newsblast_spun": [],
    "04_vbc_news": [],
}

# Metadata the extractor should find.
METADATA = {
    "02_valley_courier": {"title": "Ferry capsizes on Lake Mirrow, killing 37", "published": "2026-03-11"},
    "04_vbc_news": {"outlet": "VBC News", "byline": "Petra Halloway", "published": "2026-03-11",
                    "url": "https://news.vbc.example/world/lake-mirrow-ferry-disaster"},
    "05_lakeside_post": {"byline": "Ana Petrenko", "published": "2026-03-11",
                         "title": "Valdoria ferry captain detained after Lake Mirrow sinking"},
    "06_daily_ledger": {"byline": "Nina Sorel", "published": "2026-03-12",
                        "title": "Valdoria mourns as ferry death toll reaches 37"},
    "03_newsblast_spun": {"outlet": "NewsBlast24"},
}

# Clutter lines that must be removed (and appear in `removed`), per article.
CLUTTER = {
    "02_valley_courier": ["Home › World › Valdoria", "3 min read", "Share this article on Facebook",
                          "Rescue workers search the water near Estrel. Photo: Valley Courier / J. Orban",
                          "Advertisement", "Read more: Three dead as storm hits northern highlands",
                          "Related stories", "Valdoria's rail strike enters second week",
                          "City council approves new tram line", "Leave a comment",
                          "Your email address will not be published. Required fields are marked *",
                          "Share on Twitter", "© 2026 Valley Courier. All rights reserved."],
    "03_newsblast_spun": ["You may also like: Ten gadgets every traveller needs this spring",
                          "Tags: ferry, Valdoria, disaster, lake", "Share this post"],
    "05_lakeside_post": ["Sign up for our morning newsletter", "Share on Facebook | Share on Twitter | Email"],
    "06_daily_ledger": ["Advertisement", "You may read", "Tarvin stock exchange closes higher",
                        "Five recipes for a winter weekend", "Comments (0)", "Post a comment"],
}
# Article lines that must be kept (a sample per article).
KEPT = {
    "02_valley_courier": ["The government declared two days of national mourning."],
    "05_lakeside_post": ["Some 200 relatives waited outside the port authority building for news."],
    "06_daily_ledger": ["Opposition lawmakers called for an inquiry"],
    "04_vbc_news": ["Safety campaigners have long warned"],
}

# Planted disputes in the ferry story: claim -> values and the articles stating each.
DISPUTES = {
    "people killed": {"37": {"01_meridian_wire", "02_valley_courier", "06_daily_ledger"},
                      "40": {"03_newsblast_spun", "04_vbc_news"}},
    "day the ferry sank": {"Tuesday": {"01_meridian_wire", "02_valley_courier", "05_lakeside_post",
                                       "06_daily_ledger"},
                           "Monday": {"03_newsblast_spun", "04_vbc_news"}},
}
# "at least 35" (05) is compatible with both 37 and 40: a hedge, not a third side of the dispute.
HEDGED_NOT_DISPUTED = {"05_lakeside_post": "at least 35"}
# Agreed by independent sources: 112 rescued (wire origin + broadcaster origin) = 2 sources;
# 14 missing (wire origin + 06) = 2 sources.
AGREED = {"112": 2, "14": 2}
# Only one source: the captain's detention (05).
SINGLE_SOURCE = {"05_lakeside_post": "Tomas Brel"}

# One person, several spellings (transliteration, typo, short forms).
ALIASES = {"Oleksandr Varenko": {"Olexandr Varenko", "Oleksandr Varneko", "Mr Varenko"}}
# Distinct people with the same surname: never merged.
DISTINCT_PEOPLE = [("Mirela Dasko", "Marek Dasko")]

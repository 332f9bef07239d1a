#!/usr/bin/env python3
"""Writes an analysis directory (accounts.csv, edges.csv, clusters.json, summary.json) with
CAMPAIGNS campaigns of SIZE flagged accounts each and about EDGES_PER_ACCOUNT * 2 edges per
account, for `lockstep report` / `lockstep serve` at scale without running an analysis.
Deterministic: the same arguments give the same bytes. No DATASET: evidence is post ids only.

    bench/make_network_dir.py OUT [--campaigns 500] [--size 100] [--seed 1]
"""
import argparse
import json
import os
import random

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("out")
p.add_argument("--campaigns", type=int, default=500)
p.add_argument("--size", type=int, default=100)
p.add_argument("--edges-per-account", type=float, default=2.975, help="edges drawn per account (before duplicates are dropped)")
p.add_argument("--seed", type=int, default=1)
args = p.parse_args()

rng = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)
signals = ["co_repost", "co_link", "co_hashtag", "copypasta"]

# Edges first: an account's score is its strongest edge's, and accounts.csv is sorted by score.
edges = []  # (a, b, weight, strength, signal, items)
for c in range(args.campaigns):
    base = c * args.size
    seen = set()
    # A ring so each campaign is connected, then random chords.
    pairs = [(i, (i + 1) % args.size) for i in range(args.size)]
    pairs += [tuple(rng.sample(range(args.size), 2)) for _ in range(int(args.size * (args.edges_per_account - 1)))]
    sig = signals[c % len(signals)]
    for a, b in pairs:
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        items = rng.randint(3, 40)
        strength = round(rng.uniform(3, 30), 3)
        edges.append((base + key[0], base + key[1], round(items * rng.uniform(0.5, 1.5), 3), strength, sig, items))

n = args.campaigns * args.size
best = [0.0] * n
degree = [0] * n
for a, b, _, s, _, _ in edges:
    for x in (a, b):
        best[x] = max(best[x], s)
        degree[x] += 1

ids = [str(10_000_000 + i) for i in range(n)]
handles = [f"acct{i:06d}" for i in range(n)]
order = sorted(range(n), key=lambda i: (-best[i], i))
with open(os.path.join(args.out, "accounts.csv"), "w") as f:
    f.write("account_id,cluster_id,score,signals,handle,degree,events,posts_per_day,repost_share,hour_entropy,account_age_days,generated_handle\n")
    for i in order:
        c = i // args.size
        f.write(f"{ids[i]},{c},{best[i]},{signals[c % len(signals)]},{handles[i]},{degree[i]},{20 + i % 50},{1 + i % 30},0.5,3.1,,0\n")

with open(os.path.join(args.out, "edges.csv"), "w") as f:
    f.write("source,target,weight,strength,signals,items,evidence\n")
    for k, (a, b, w, s, sig, items) in enumerate(edges):
        f.write(f"{ids[a]},{ids[b]},{w},{s},{sig},{items},{sig}|{9_000_000_000 + 2 * k}|{9_000_000_001 + 2 * k}|{1 + k % 60}\n")

clusters = []
for c in range(args.campaigns):
    members = range(c * args.size, (c + 1) * args.size)
    clusters.append({
        "id": c, "size": args.size, "score": round(sum(best[i] for i in members) / args.size, 3),
        "density": 0, "first": "2024-03-04T00:00:00.000Z", "last": "2024-03-11T00:00:00.000Z",
        "signals": [signals[c % len(signals)]],
        "members": [{"account_id": ids[i], "handle": handles[i]} for i in members],
        "top_items": [{"item": f"{signals[c % len(signals)]}: item{c}", "evidence_pairs": 100}],
    })
per_campaign = [0] * args.campaigns
for a, _, _, _, _, _ in edges:
    per_campaign[a // args.size] += 1
for c in clusters:
    c["density"] = round(2 * per_campaign[c["id"]] / (args.size * (args.size - 1)), 4)
with open(os.path.join(args.out, "clusters.json"), "w") as f:
    json.dump(clusters, f)

with open(os.path.join(args.out, "summary.json"), "w") as f:
    json.dump({"lockstep_version": "bench", "input": "bench/make_network_dir.py", "events": 0, "accounts": n,
               "first": "2024-03-04T00:00:00.000Z", "last": "2024-03-11T00:00:00.000Z", "quarantined": 0}, f)
print(f"{args.out}: {n} accounts in {args.campaigns} campaigns, {len(edges)} edges")

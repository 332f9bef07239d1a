"""Repeats the JSON lines of a fixture until about N lines, giving every copy fresh ids (keys that
hold ids get a per-copy suffix), so that the copies are distinct posts. Benchmark input only."""
import json
import sys

ID_KEYS = {"id", "id_str", "author_id", "rkey", "did", "uri", "cid", "in_reply_to_id", "in_reply_to_account_id",
           "in_reply_to_user_id", "conversation_id", "url"}


def rewrite(value, suffix):
    if isinstance(value, dict):
        return {k: (v + suffix if k in ID_KEYS and isinstance(v, str) else rewrite(v, suffix)) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite(v, suffix) for v in value]
    return value


def main():
    path, target = sys.argv[1], int(sys.argv[2])
    records = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    records = [r for r in records if isinstance(r, dict)]
    written, copy = 0, 0
    out = sys.stdout
    while written < target:
        for r in records:
            out.write(json.dumps(rewrite(r, f"x{copy}"), ensure_ascii=False) + "\n")
            written += 1
        copy += 1


if __name__ == "__main__":
    main()

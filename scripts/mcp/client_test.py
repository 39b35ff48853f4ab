#!/usr/bin/env python3
"""Drive `shien mcp` with the official MCP Python SDK (mcp 2.x), in both protocol eras.

For each mode, "auto" (server/discover, 2026-07-28) and "legacy" (the initialize handshake):
  - list the tools and check their names;
  - check a 古賀市 single parent (Resources/examples/koga-single-parent.json);
  - walk next_question to the end for one household, answering from a known household and saying "don't know" for
    every fact it does not state, then compare the final measures with check_household and with `shien check`;
  - search 手当;
  - ask a question;
  - send a bad household and expect isError.

Usage: client_test.py --bin .build/debug/shien
Exits 0 when every check passes, 1 otherwise.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile

from mcp import Client, StdioServerParameters

TOOLS = {
    "check_household",
    "next_question",
    "search_measures",
    "show_measure",
    "ask",
    "life_event_procedures",
    "find_desks",
    "list_facts",
}
AS_OF = "2025-06-01"

failures = []


def check(condition, what):
    print(("  ok    " if condition else "  FAIL  ") + what)
    if not condition:
        failures.append(what)


def essentials(result):
    """Each measure's id, status and amount: what must agree between two ways of checking."""
    return sorted((m["id"], m["status"], json.dumps(m.get("amount"), sort_keys=True)) for m in result["measures"])


NONE = (None, False, 0, "none")


def answer_from(truth, question, household, unknown, screened):
    """Adds the answer to `question` from the known household `truth`, or marks the fact unknown."""
    fact, member = question["fact"], question["member"]
    if question["type"] == "screening":
        # "Does anyone …?": yes when someone (or the member asked about) states one of the facts as not none.
        members = truth["members"] if member is None else [truth["members"][member]]
        stated = [m.get(f) for m in members for f in question["facts"]]
        if any(value not in NONE for value in stated):
            screened.append(question["screened_when_yes"])
        elif all(f in m for m in members for f in question["facts"]):
            for item in question["sets_when_no"]:
                household["members"][item["member"]][item["fact"]] = item["value"]
        else:
            unknown.append({"fact": fact, "member": member})
        return
    if fact == "members":
        household["members"] = [{"role": m["role"], "birth_date": m["birth_date"]} for m in truth["members"]]
        return
    source = truth if member is None else truth["members"][member]
    if fact in source:
        if member is None:
            household[fact] = source[fact]
        else:
            household["members"][member][fact] = source[fact]
    else:
        unknown.append({"fact": fact, "member": member})


async def run(mode, binary, example):
    print(f"mode={mode}")
    server = StdioServerParameters(command=binary, args=["mcp"])
    async with Client(server, mode=mode) as client:
        version = client.protocol_version
        if mode == "auto":
            check(version == "2026-07-28", f"auto negotiates 2026-07-28 (got {version})")
        else:
            check(version in ("2025-11-25", "2025-06-18"), f"legacy does the handshake (got {version})")

        listed = await client.list_tools()
        names = {tool.name for tool in listed.tools}
        check(names == TOOLS, f"tools/list gives the 8 tools ({sorted(names)})")
        check(all(tool.output_schema for tool in listed.tools), "every tool has an output schema")

        result = await client.call_tool("check_household", {"household": example, "as_of": AS_OF})
        check(not result.is_error, "check_household on the 古賀市 single parent")
        measures = {m["id"]: m for m in result.structured_content["measures"]}
        check(
            measures.get("child-support-allowance", {}).get("status") == "eligible",
            "児童扶養手当 eligible for the 古賀市 single parent",
        )
        check(json.loads(result.content[0].text) == result.structured_content, "the text block holds the same JSON")

        # The adaptive interview as a conversation: the assistant holds the household. The person knows that nobody is
        # pregnant or in hospital (screening questions answered no), that the youngest child holds a certificate
        # (answered yes), and nothing else the example does not state (わからない).
        truth = json.loads(json.dumps(example))
        for person in truth["members"]:
            person.update({"pregnancy": "none", "hospitalized": False})
        household, unknown, screened, asked, kinds = {}, [], [], 0, set()
        final = None
        for _ in range(80):
            step = await client.call_tool(
                "next_question",
                {"household": household, "unknown": unknown, "screened": screened, "as_of": AS_OF},
            )
            if step.is_error:
                check(False, f"next_question answered: {step.content[0].text}")
                break
            content = step.structured_content
            if content["done"]:
                final = content["measures"]
                break
            asked += 1
            kinds.add(content["question"]["type"])
            answer_from(truth, content["question"], household, unknown, screened)
        check(final is not None, f"next_question walks to done ({asked} questions)")
        check({"municipality", "members", "screening"} <= kinds, f"the walk met the question kinds ({sorted(kinds)})")
        check(bool(screened), f"a screening answered yes ({screened})")
        if final is not None:
            checked = await client.call_tool("check_household", {"household": household, "as_of": AS_OF})
            check(essentials(final) == essentials(checked.structured_content), "final measures == check_household")
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
                json.dump(household, file, ensure_ascii=False)
            try:
                cli = subprocess.run(
                    [binary, "check", "--household", file.name, "--as-of", AS_OF, "--format", "json"],
                    capture_output=True, text=True, check=True,
                )
            finally:
                os.unlink(file.name)
            check(essentials(final) == essentials(json.loads(cli.stdout)), "final measures == shien check")

        found = await client.call_tool("search_measures", {"query": "手当"})
        ids = [hit["id"] for hit in found.structured_content["results"]]
        check(not found.is_error and "child-allowance" in ids, f"search 手当 finds child-allowance ({len(ids)} hits)")

        asked_result = await client.call_tool(
            "ask", {"question": "1月10日に生まれました。出生届はいつまで？", "as_of": "2026-12-06"}
        )
        answer = asked_result.structured_content
        check(
            answer["found"] and answer["aspect"] == "deadline" and answer["deadline"]["date"] == "2026-01-23",
            "ask: 出生届 deadline 2026-01-23",
        )
        outside = await client.call_tool("ask", {"question": "パスポートの申請はどこでできますか"})
        check(not outside.structured_content["found"], "ask: no made-up answer outside the catalog")

        bad = await client.call_tool("check_household", {"household": {"members": "x"}})
        check(bad.is_error, f"a bad household gives isError ({bad.content[0].text})")
        bad_date = await client.call_tool("check_household", {"household": example, "as_of": "2025-13-40"})
        check(bad_date.is_error, f"a bad as_of gives isError ({bad_date.content[0].text})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--example", default="Resources/examples/koga-single-parent.json")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    with open(args.example, encoding="utf-8") as file:
        example = json.load(file)
    for mode in ("auto", "legacy"):
        asyncio.run(run(mode, binary, example))
    if failures:
        print(f"MCP client test: {len(failures)} failed", file=sys.stderr)
        sys.exit(1)
    print("MCP client test: all passed (mcp SDK, modes auto and legacy)")


if __name__ == "__main__":
    main()

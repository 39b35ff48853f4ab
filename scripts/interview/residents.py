#!/usr/bin/env python3
"""The four residents of issue 17, answering `shien interview` as people type.

Each resident answers every question by the words in it (the first entry whose words appear in the question wins),
with "わからない" (or "not sure") to anything else. An answer shien refuses is counted and replaced by the entry's
plain fallback, so that the same script measures an interview before and after it learnt to read everyday answers.

    python3 scripts/interview/residents.py [--bin .build/debug/shien] [--lang ja|en|ja-easy|all] [--show NAME]

Prints, per resident and language: the questions asked, the answers refused, and the first lines of the result.
Nothing is kept: each run has its own empty data folder, removed afterwards.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = "2026-12-01"

# (words in the question, answer as typed, fallback when refused). Keywords per language; the first match wins.
RESIDENTS = {
    # 古賀市: a mother of two (a newborn), her husband a company employee. Typed in everyday Japanese.
    "koga-newborn": {
        "ja": [
            ("次にあてはまる方はいますか（いくつでも）", "雇用保険に加入", None), ("市区町村", "こがし", "古賀市"), ("のことですか", "はい", "古賀市"),
            ("あなたの生年月日", "1994/5/1", None), ("配偶者（夫・妻）と", "はい", None),
            ("配偶者の生年月日", "1990/4/1", None), ("子どもは何人", "２", None),
            ("1人目の子の生年月日", "2023/8/1", None), ("2人目の子の生年月日", "2026/11/20", None),
            ("ほかに一緒に", "いない", "0"),
            ("続けますか", "いいえ", None), ("困っていること", "1", None), ("受け取っているもの", "いない", "なし"),
            ("あなたについて：昨年の年収", "0", None), ("配偶者について：昨年の年収", "450万", None),
            ("あなたについて：お仕事", "働いていない", None), ("配偶者について：お仕事", "会社員", None),
            ("あなたについて：どの健康保険", "扶養", "3"), ("配偶者について：どの健康保険", "社保", "2"),
            ("配偶者について：妊娠", "いいえ", "1"), ("妊娠", "産後", None), ("亡くなり", "いいえ", "1"),
            ("障害者手帳", "いいえ", None),
            ("あなたについて：今、雇用保険", "いいえ", None), ("配偶者について：今、雇用保険", "はい", None),
            ("雇用保険", "はい", None), ("育児休業", "取っていない", "1"), ("入院", "いいえ", None),
            ("学生", "いいえ", None), ("求職", "いいえ", None), ("生活保護", "いいえ", None),
            ("住民税", "いいえ", None), ("預貯金", "200万", None), ("家賃", "7万", None), ("離職", "いいえ", "1"),
            ("施設", "いいえ", None),
        ],
    },
    # 岡崎市: a father (employee, 450万) and a mother on childcare leave (company insurance) with a baby; she gives
    # last year's income as 0. Types 岡崎 and then はい to the suggestion.
    "okazaki-leave": {
        "ja": [
            ("次にあてはまる方はいますか（いくつでも）", "雇用保険に加入", None), ("市区町村", "岡崎", "岡崎市"), ("のことですか", "はい", "岡崎市"),
            ("あなたの生年月日", "平成2年1月1日", None), ("配偶者（夫・妻）と", "はい", None),
            ("配偶者の生年月日", "H4.7.7", None), ("子どもは何人", "1人", "1"),
            ("子の生年月日", "2026/10/15", None), ("ほかに一緒に", "いません", "0"),
            ("続けますか", "いいえ", None), ("困っていること", "1", None), ("受け取っているもの", "いない", "なし"),
            ("休業前", "１２０まんえん", "120万"),
            ("あなたについて：昨年の年収", "450万", None), ("配偶者について：昨年の年収", "0", None),
            ("あなたについて：お仕事", "会社員", None), ("配偶者について：お仕事", "会社員", None),
            ("どの健康保険", "社保", "2"), ("あなたについて：妊娠", "いいえ", "1"), ("妊娠", "産後", None),
            ("亡くなり", "いいえ", "1"),
            ("障害者手帳", "いいえ", None), ("雇用保険", "はい", None),
            ("配偶者について：育児休業", "育休中", "2"), ("あなたについて：育児休業", "取っていない", "1"),
            ("育児休業", "はい", None), ("入院", "いいえ", None), ("学生", "いいえ", None),
            ("求職", "いいえ", None), ("生活保護", "いいえ", None), ("住民税", "いいえ", None),
            ("預貯金", "300万", None), ("家賃", "8万", None), ("離職", "いいえ", "1"), ("施設", "いいえ", None),
        ],
    },
    # 新発田市: a self-employed English speaker (3 million yen), spouse working full time, one child of 16.
    "shibata-english": {
        "en": [
            ("apply to someone in your household", "none", None), ("live in?", "Shibata", "新発田市"), ("Did you mean", "yes", "新発田市"),
            ("What is your date of birth", "March 3, 1982", "1982-03-03"), ("live with a spouse", "yes", None),
            ("date of birth of your spouse", "3/15/1982", "1982-03-15"), ("How many children", "one", "1"),
            ("date of birth of your child", "16 years old", "16"), ("How many other people", "none", "0"),
            ("Go on?", "no", None), ("trouble", "2", None), ("already receiv", "none", None),
            ("About you: What was the gross income", "3 million yen", "3000000"),
            ("About your spouse: What was the gross income", "2.5 million yen", "2500000"),
            ("About you: What kind of work", "self employed", "4"),
            ("About your spouse: What kind of work", "full time", "2"),
            ("business expenses", "500000", None), ("health insurance", "not sure", None),
            ("pregnan", "no", None), ("died", "no", "1"), ("disability", "no", None),
            ("high-school course", "full time", "2"), ("national, public or private", "public", "3"),
            ("a student", "yes", None), ("hospital", "no", None), ("public assistance", "no", None),
            ("resident tax", "no", None), ("savings", "not sure", None), ("rent", "not sure", None),
            ("lose a job", "no", "1"), ("looking for work", "no", None), ("care facility", "no", None),
        ],
        "ja-easy": [
            ("ひと は いますか（いくつ でも）", "なし", None), ("すんで いますか", "しばたし", "新発田市"), ("ですか？", "はい", "新発田市"),
            ("あなた の うまれた ひ", "S57.3.3", None), ("おっと・つま", "はい", None),
            ("つれあい の うまれた ひ", "1982/3/15", None), ("こども は なんにん", "1", None),
            ("こども の うまれた ひ", "16", None), ("ほか に いっしょ に", "0", None),
            ("つづけますか", "いいえ", None), ("こまって", "2", None), ("もらって いる", "ない", None),
            ("あなた に ついて：きょねん", "300万", None), ("つれあい に ついて：きょねん", "250万", None),
            ("あなた に ついて：どんな はたらきかた", "じえいぎょう", "4"),
            ("つれあい に ついて：どんな はたらきかた", "かいしゃいん", "2"),
            ("しごと に つかった", "50万", None), ("けんこう ほけん", "わからない", None),
            ("にんしん", "いいえ", None), ("なくなり", "いいえ", "1"), ("しょうがい", "いいえ", None),
            ("どんな こうこう", "ぜんにちせい", "2"), ("こくりつ・こうりつ・しりつ", "こうりつ", "3"),
            ("がっこう に かよって", "はい", None), ("にゅういん", "いいえ", None), ("せいかつほご", "いいえ", None),
            ("じゅうみんぜい", "いいえ", None), ("ちょきん", "わからない", None), ("いえ の おかね", "わからない", None),
            ("しごと を やめ", "いいえ", "1"), ("しごと を さがして", "いいえ", None), ("しせつ", "いいえ", None),
        ],
    },
    # The README's single parent in 古賀市: two children, an employee earning 240万.
    "koga-single-parent": {
        "ja": [
            ("次にあてはまる方はいますか（いくつでも）", "なし", None), ("市区町村", "古賀市", None), ("のことですか", "はい", "古賀市"),
            ("あなたの生年月日", "平成2年6月15日", None), ("配偶者（夫・妻）と", "いいえ", None),
            ("子どもは何人", "２", None), ("1人目の子の生年月日", "2016/5/10", None),
            ("2人目の子の生年月日", "R5.1.20", None), ("ほかに一緒に", "いない", "0"),
            ("続けますか", "いいえ", None), ("困っていること", "6", None), ("受け取っているもの", "1", None),
            ("年収", "２４０万円", None), ("障害者手帳", "いいえ", None), ("お仕事", "会社員", None),
            ("雇用保険", "わからない", None), ("妊娠", "妊娠してない", "1"), ("学生", "いいえ", None),
            ("亡くなり", "なし", None), ("健康保険", "社保", "2"), ("求職", "いいえ", None),
            ("生活保護", "いいえ", None), ("住民税", "いいえ", None), ("入院", "いいえ", None),
            ("預貯金", "50万", None), ("育児休業", "なし", None), ("必要経費", "0", None), ("家賃", "65000", None),
        ],
    },
}

UNKNOWN = {"ja": "わからない", "en": "not sure", "ja-easy": "わからない"}
ASKED = [re.compile(p) for p in (r"質問は以上です（(\d+)問）", r"ここまでの回答（(\d+)問）", r"\((\d+) answered\)",
                                 r"questions \((\d+)\)", r"your answers so far \((\d+) questions\)",
                                 r"しつもん は おわり です（(\d+)もん）", r"ここ まで の こたえ（(\d+)もん）")]
MENU = ("次にどうしますか", "What next?", "つぎ は どう しますか")
PROGRESS = ("あと約", "about ", "のこり ", "あと ")


def question_of(said):
    """The question itself: what shien said, without the progress line and messages about the last answer."""
    lines = said.splitlines()[1:]  # the first line is the echo of the last answer
    lines = [line for line in lines if line.strip()]
    return "\n".join(line for line in lines if not line.startswith(PROGRESS) and not line.startswith("!"))


def converse(binary, argv, persona, lang, env):
    process = subprocess.Popen([binary] + argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    transcript, pending, refused, answers = b"", b"", [], 0
    last = None
    while True:
        while not pending.endswith(b"> "):
            chunk = process.stderr.read1(65536)
            if not chunk:
                break
            pending += chunk
        said = pending.decode("utf-8", "replace")
        transcript, pending = transcript + pending, b""
        if not said.endswith("> ") or any(m in said for m in MENU):
            break
        question = question_of(said)
        entry = next((e for e in persona if e[0] in question), None)
        if "\n!" in "\n" + said and last is not None:
            refused.append(last[1])
            answer = last[2] if last[2] and last[2] != last[1] else "?"
            last = (last[0], answer, None)
        elif "\n!" in "\n" + said:
            refused.append(UNKNOWN[lang])
            answer, last = "?", None
        elif entry is None:
            answer, last = UNKNOWN[lang], None
        else:
            answer, last = entry[1], entry
        answers += 1
        if answers > 80:
            break
        process.stdin.write((answer + "\n").encode())
        process.stdin.flush()
    process.stdin.close()
    out = process.stdout.read().decode("utf-8", "replace")
    transcript += process.stderr.read()
    process.wait()
    text = transcript.decode("utf-8", "replace")
    count = next((int(m.group(1)) for p in ASKED for m in [p.search(text)] if m), -1)
    return {"questions": count, "refused": refused, "stdout": out, "stderr": text, "status": process.returncode}


def run(binary, name, lang):
    persona = RESIDENTS[name].get(lang) or RESIDENTS[name].get("ja")
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, XDG_DATA_HOME=data, LANG="ja_JP.UTF-8", LC_ALL="", LC_MESSAGES="", COLUMNS="100")
        env.pop("SHIEN_CATALOG", None)
        result = converse(binary, ["interview", "--as-of", AS_OF, "--lang", lang], persona, lang, env)
        result["left"] = os.listdir(os.path.join(data, "shien")) if os.path.isdir(os.path.join(data, "shien")) else []
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/debug/shien"))
    parser.add_argument("--lang", default="native")
    parser.add_argument("--show", help="print the whole transcript of this resident")
    args = parser.parse_args()
    counts = []
    for name, personas in RESIDENTS.items():
        langs = list(personas) if args.lang == "native" else (["ja", "en", "ja-easy"] if args.lang == "all" else [args.lang])
        for lang in langs:
            r = run(args.bin, name, lang)
            counts.append(r["questions"])
            print(f"{name:20} {lang:8} questions {r['questions']:3}  refused {len(r['refused'])}: {', '.join(r['refused'])}"
                  f"  stdout {len(r['stdout'].splitlines())} lines  exit {r['status']}")
            if args.show == name:
                print(r["stderr"])
                print(r["stdout"])
    counts.sort()
    print(f"median {counts[len(counts) // 2] if len(counts) % 2 else (counts[len(counts)//2 - 1] + counts[len(counts)//2]) / 2}"
          f", max {counts[-1]}")


if __name__ == "__main__":
    main()

import ShienRules

/// The tools of `shien mcp`: names clients can rely on, descriptions, and JSON Schemas for input and output.
extension MCPTools {
  struct Definition {
    var name: String
    var title: String
    var description: String
    var input: String
    var output: String
  }

  private static let lang = """
    "lang": {"type": "string", "enum": ["ja", "en", "ja-easy"], "description": "The language of the answer (default ja)."}
    """
  private static let household = """
    {"type": "object", "description": "The household document: {municipality, prefecture, rent, single_parent, members: [{role, birth_date or age, income, employment, …}]}; absent facts are unknown (see list_facts)."}
    """
  private static let date = """
    {"type": "string", "description": "A date: 2026-01-10 (令和8年1月10日 and R8.1.10 are read too)."}
    """
  private static let checkResult = """
    {"type": "object", "required": ["as_of", "catalog", "household", "measures"], "properties": {
      "as_of": {"type": "string"}, "catalog": {"type": "object"}, "household": {"type": "object"},
      "measures": {"type": "array", "items": {"type": "object", "required": ["id", "name", "status"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"},
        "status": {"type": "string", "enum": ["eligible", "maybe", "ineligible"]}}}}}}
    """

  static let catalogue: [Definition] = [
    Definition(
      name: "check_household", title: "Check a household",
      description:
        "Check one household against every measure in the catalog: eligible / maybe (with the facts that would settle it) / not eligible, the amount, why, the procedure, documents, desk and sources. The same JSON as `shien check --format json`.",
      input: """
        {"type": "object", "required": ["household"], "properties": {"household": \(household),
          "as_of": \(date), \(lang), "all": {"type": "boolean", "description": "Also list the measures the household cannot get."}}}
        """,
      output: checkResult),
    Definition(
      name: "next_question", title: "Next interview question",
      description:
        "The next question of shien's adaptive interview for the household so far: ask it, add the answer to the household (or add {fact, member} to unknown when the person does not know), and call again until done. The municipality and the members come first. A question of type screening (\"does anyone …?\") is answered yes by adding its screened_when_yes to screened, and no by setting each item of its sets_when_no in the household. With done=true, measures is the final result.",
      input: """
        {"type": "object", "required": ["household"], "properties": {"household": \(household),
          "unknown": {"type": "array", "description": "Facts answered わからない (don't know).", "items": {"type": "object", "required": ["fact"], "properties": {"fact": {"type": "string"}, "member": {"type": ["integer", "null"]}}}},
          "screened": {"type": "array", "description": "Screening questions answered yes.", "items": {"type": "object", "required": ["group"], "properties": {"group": {"type": "string"}, "member": {"type": ["integer", "null"]}}}},
          \(lang), "as_of": \(date)}}
        """,
      output: """
        {"type": "object", "required": ["done", "question", "measures"], "properties": {
          "done": {"type": "boolean"},
          "question": {"type": ["object", "null"], "properties": {"fact": {"type": "string"}, "member": {"type": ["integer", "null"]},
            "text": {"type": "string"}, "type": {"type": "string"}, "choices": {"type": "array"}, "unknown_allowed": {"type": "boolean"}}},
          "measures": {"anyOf": [\(checkResult), {"type": "null"}]}}}
        """),
    Definition(
      name: "search_measures", title: "Search measures",
      description:
        "Find measures and life-event procedures by a word (手当, ひとり親, child allowance), in any language, best first.",
      input: """
        {"type": "object", "required": ["query"], "properties": {"query": {"type": "string"}, \(lang),
          "limit": {"type": "integer", "minimum": 1, "maximum": 200}}}
        """,
      output: """
        {"type": "object", "required": ["query", "results"], "properties": {"query": {"type": "string"},
          "results": {"type": "array", "items": {"type": "object", "required": ["id", "name"]}}}}
        """),
    Definition(
      name: "show_measure", title: "Show a measure",
      description:
        "One measure whole: conditions, amounts in force, procedure, documents, desk (for the municipality, if given) and sources.",
      input: """
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "description": "The measure's id (child-allowance) or name (児童手当)."},
          "municipality": {"type": "string"}, "as_of": \(date), \(lang)}}
        """,
      output: """
        {"type": "object", "required": ["id", "name", "procedure", "documents", "desk", "sources"], "properties": {
          "id": {"type": "string"}, "name": {"type": "string"}, "procedure": {"type": "object"}, "documents": {"type": "array"},
          "desk": {"type": "object"}, "sources": {"type": "array"}}}
        """),
    Definition(
      name: "ask", title: "Ask a question",
      description:
        "Answer a resident's question in words (出生届はいつまで？ 児童手当はいつ振り込まれる？) from the catalog alone, with sources and the desk. found=false means the catalog holds no answer: say so, never guess.",
      input: """
        {"type": "object", "required": ["question"], "properties": {"question": {"type": "string"},
          "municipality": {"type": "string"}, "as_of": \(date), \(lang)}}
        """,
      output: """
        {"type": "object", "required": ["found", "aspect", "answer", "measures", "sources", "desk"], "properties": {
          "found": {"type": "boolean"}, "aspect": {"type": "string"}, "answer": {"type": "string"},
          "measures": {"type": "array", "items": {"type": "string"}}, "sources": {"type": "array"},
          "desk": {"type": ["object", "null"]}}}
        """),
    Definition(
      name: "life_event_procedures", title: "Life event procedures",
      description:
        "The procedures a life event calls for (birth, move-in, death …) and the related measures, with concrete deadlines from the date; with a household, only the measures it may get.",
      input: """
        {"type": "object", "required": ["event"], "properties": {"event": {"type": "string", "description": "birth, move-in, move-out, marriage, divorce, death, pregnancy …"},
          "date": \(date), "household": \(household), "municipality": {"type": "string"}, \(lang)}}
        """,
      output: """
        {"type": "object", "required": ["event", "procedures", "measures"], "properties": {
          "procedures": {"type": "array"}, "measures": {"type": "array"}}}
        """),
    Definition(
      name: "find_desks", title: "Find desks",
      description:
        "The desks of a municipality (name, phone, hours, place), for a desk role or for a measure; without desk data, the generic answer for each role.",
      input: """
        {"type": "object", "properties": {"municipality": {"type": "string"}, "role": {"type": "string"},
          "measure": {"type": "string", "description": "A measure id or name: its desk role."}, \(lang)}}
        """,
      output: """
        {"type": "object", "required": ["desks"], "properties": {"desks": {"type": "array"}}}
        """),
    Definition(
      name: "list_facts", title: "List facts",
      description: "The facts a household document can state: ids, types, units, allowed values, labels and questions.",
      input: """
        {"type": "object", "properties": {\(lang)}}
        """,
      output: """
        {"type": "object", "required": ["facts"], "properties": {"facts": {"type": "array", "items": {"type": "object", "required": ["id", "type"]}}}}
        """),
  ]
}

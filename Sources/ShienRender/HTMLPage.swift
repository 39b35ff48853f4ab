import ShienSupport

/// A self-contained printable HTML page: inline CSS for screen and for an A4 print, no script, no external resource
/// (it works offline and prints the same anywhere), the language in the `lang` attribute.
package enum HTMLPage {
  /// Escapes text for HTML element content and double-quoted attribute values.
  package static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A link whose target is shown as its text; only http(s) addresses become links.
  package static func link(_ url: String, text: String? = nil) -> String {
    let shown = escape(text ?? url)
    guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return shown }
    return "<a href=\"\(escape(url))\">\(shown)</a>"
  }

  package static func document(title: String, language: Language, body: String) -> String {
    let lang = language == .en ? "en" : "ja"
    return """
      <!DOCTYPE html>
      <html lang="\(lang)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(title))</title>
      <style>
      \(css)
      </style>
      </head>
      <body>
      \(body)
      </body>
      </html>

      """
  }

  static let css = """
    @page { size: A4; margin: 9mm 10mm 9mm; }
    * { box-sizing: border-box; }
    html { font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
      font-size: 8.5pt; line-height: 1.3; color: #111; background: #fff; }
    body { margin: 0 auto; max-width: 188mm; }
    @media screen { body { padding: 10mm 11mm; max-width: 210mm; } }
    header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #111;
      padding-bottom: 1.5mm; margin-bottom: 2.5mm; }
    h1 { font-size: 15pt; margin: 0; }
    h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; border-left: 4px solid #111; padding-left: 2mm; }
    .meta { font-size: 8.5pt; color: #333; text-align: right; }
    .assumed { font-size: 8.5pt; border: 1px solid #999; padding: 1mm 2mm; margin: 1.5mm 0; }
    .lead { margin: 0 0 1mm; font-size: 9pt; }
    table { width: 100%; border-collapse: collapse; }
    th, td { border: 1px solid #777; padding: 0.8mm 1.3mm; vertical-align: top; text-align: left; }
    th { background: #eee; font-size: 8.5pt; }
    td.no { width: 6mm; text-align: center; font-weight: bold; }
    td.when { width: 46mm; }
    td.docs { width: 24mm; font-size: 8pt; }
    tr.desk td { background: #f3f3f3; font-size: 8pt; border-top: 1.5px solid #111; }
    p.others { font-size: 7.5pt; line-height: 1.25; margin: 0; }
    .name { font-weight: bold; font-size: 9.5pt; }
    .badge { display: inline-block; font-size: 7.5pt; border: 1px solid #111; border-radius: 2mm; padding: 0 1.5mm;
      margin-left: 1mm; white-space: nowrap; }
    .badge.maybe { border-style: dashed; }
    .small { font-size: 8pt; color: #333; }
    .date { font-weight: bold; font-size: 10pt; white-space: nowrap; }
    .warn { font-size: 7.5pt; }
    ul.check { list-style: none; padding: 0; margin: 0; columns: 2; column-gap: 6mm; font-size: 8pt; }
    ul.check li { break-inside: avoid; padding-left: 5mm; text-indent: -5mm; margin-bottom: 0.3mm; }
    ul.check li::before { content: "\\2610\\00a0"; font-size: 10pt; }
    ol.plain { margin: 0; padding-left: 5mm; }
    .sources { font-size: 6.5pt; color: #333; margin: 2mm 0 0; overflow-wrap: anywhere; }
    a { color: inherit; text-decoration: none; }
    footer { margin-top: 2.5mm; border-top: 1px solid #777; padding-top: 1mm; font-size: 7.5pt; color: #333; }
    tr, li { break-inside: avoid; }
    """
}

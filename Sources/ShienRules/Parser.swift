import ShienSupport

/// Turns a rule's tokens into a syntax tree. Stops at the first error.
///
/// Grammar, loosest binding first:
///
///     expr     := 'if' expr 'then' expr ('elif' expr 'then' expr)* 'else' expr | or
///     or       := and ('or' and)*
///     and      := not ('and' not)*
///     not      := 'not' not | compare
///     compare  := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum | 'in' '[' expr (',' expr)* ']')?
///     sum      := product (('+'|'-') product)*
///     product  := unary (('*'|'/') unary)*
///     unary    := '-' unary | postfix
///     postfix  := primary ('.' name | '[' expr ']')*
///     primary  := number | 'text' | date | 'true' | 'false' | name | name '(' args ')' | '(' expr ')'
///               | aggregate '(' name 'in' 'members' ('where' expr)? (':' expr)? ')'
///               | 'rank' '(' expr ',' name 'in' 'members' ('where' expr)? ')'
///
/// Nesting is limited to `maxDepth` levels and a rule to `maxNodes` nodes, so no catalog can exhaust the stack.
package struct Parser {
  package static let maxDepth = 48
  package static let maxNodes = 4000

  private var tokens: [Token]
  private var position = 0
  private var depth = 0
  private var nodes = 0

  private init(tokens: [Token]) {
    self.tokens = tokens
  }

  package static func parse(_ source: RuleSource) throws(RuleError) -> Syntax {
    var parser = Parser(tokens: try Lexer.tokenize(source))
    if case .end = parser.current.kind { throw RuleError("empty rule", at: parser.current.range) }
    let syntax = try parser.expression()
    guard case .end = parser.current.kind else {
      throw RuleError(
        "unexpected \(parser.describe(parser.current)) after the end of the expression", at: parser.current.range)
    }
    return syntax
  }

  private var current: Token { tokens[position] }

  private mutating func advance() -> Token {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  private func describe(_ token: Token) -> String {
    if case .end = token.kind { return "end of rule" }
    return "'\(token.spelling)'"
  }

  private func isKeyword(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }
  private func isSymbol(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }

  private mutating func expect(_ symbol: Symbol, _ context: String) throws(RuleError) -> Token {
    guard isSymbol(symbol) else {
      throw RuleError("expected '\(symbol.rawValue)' \(context), found \(describe(current))", at: current.range)
    }
    return advance()
  }

  private mutating func expect(_ keyword: Keyword, _ context: String) throws(RuleError) {
    guard isKeyword(keyword) else {
      throw RuleError("expected '\(keyword.rawValue)' \(context), found \(describe(current))", at: current.range)
    }
    _ = advance()
  }

  private mutating func make(_ kind: Syntax.Kind, from start: SourceRange, to end: SourceRange) throws(RuleError)
    -> Syntax
  {
    nodes += 1
    if nodes > Parser.maxNodes { throw RuleError("rule too large (more than \(Parser.maxNodes) parts)", at: start) }
    let length =
      end.start.line == start.start.line ? end.start.column + end.length - start.start.column : start.length
    return Syntax(kind, SourceRange(start: start.start, length: length))
  }

  private mutating func enter() throws(RuleError) {
    depth += 1
    if depth > Parser.maxDepth {
      throw RuleError("rule nested too deeply (more than \(Parser.maxDepth) levels)", at: current.range)
    }
  }

  private mutating func expression() throws(RuleError) -> Syntax {
    try enter()
    defer { depth -= 1 }
    guard isKeyword(.if) else { return try orExpression() }
    let start = advance().range
    var branches: [(condition: Syntax, value: Syntax)] = []
    var condition = try expression()
    while true {
      try expect(.then, "after the condition of 'if'")
      let value = try expression()
      branches.append((condition, value))
      if isKeyword(.elif) {
        _ = advance()
        condition = try expression()
        continue
      }
      try expect(.else, "to finish 'if … then …' (every 'if' needs an 'else')")
      break
    }
    let otherwise = try expression()
    return try make(.conditional(branches, otherwise: otherwise), from: start, to: otherwise.range)
  }

  private mutating func orExpression() throws(RuleError) -> Syntax {
    var left = try andExpression()
    while isKeyword(.or) {
      _ = advance()
      let right = try andExpression()
      left = try make(.binary(.or, left, right), from: left.range, to: right.range)
    }
    return left
  }

  private mutating func andExpression() throws(RuleError) -> Syntax {
    var left = try notExpression()
    while isKeyword(.and) {
      _ = advance()
      let right = try notExpression()
      left = try make(.binary(.and, left, right), from: left.range, to: right.range)
    }
    return left
  }

  private mutating func notExpression() throws(RuleError) -> Syntax {
    guard isKeyword(.not) else { return try comparison() }
    try enter()
    defer { depth -= 1 }
    let start = advance().range
    let operand = try notExpression()
    return try make(.not(operand), from: start, to: operand.range)
  }

  private mutating func comparison() throws(RuleError) -> Syntax {
    let left = try additive()
    if case .symbol(let symbol) = current.kind, let op = BinaryOperator(rawValue: symbol.rawValue), op.isComparison {
      _ = advance()
      let right = try additive()
      if case .symbol(let next) = current.kind, let op2 = BinaryOperator(rawValue: next.rawValue), op2.isComparison {
        throw RuleError("comparisons do not chain; join them with 'and'", at: current.range)
      }
      return try make(.binary(op, left, right), from: left.range, to: right.range)
    }
    if isKeyword(.in) {
      _ = advance()
      _ = try expect(.leftBracket, "to open the list after 'in'")
      var items: [Syntax] = []
      repeat {
        if isSymbol(.comma) { _ = advance() }
        items.append(try expression())
      } while isSymbol(.comma)
      let close = try expect(.rightBracket, "to close the list")
      return try make(.inList(left, items), from: left.range, to: close.range)
    }
    return left
  }

  private mutating func additive() throws(RuleError) -> Syntax {
    var left = try multiplicative()
    while isSymbol(.plus) || isSymbol(.minus) {
      let op: BinaryOperator = isSymbol(.plus) ? .add : .subtract
      _ = advance()
      let right = try multiplicative()
      left = try make(.binary(op, left, right), from: left.range, to: right.range)
    }
    return left
  }

  private mutating func multiplicative() throws(RuleError) -> Syntax {
    var left = try unary()
    while isSymbol(.star) || isSymbol(.slash) {
      let op: BinaryOperator = isSymbol(.star) ? .multiply : .divide
      _ = advance()
      let right = try unary()
      left = try make(.binary(op, left, right), from: left.range, to: right.range)
    }
    return left
  }

  private mutating func unary() throws(RuleError) -> Syntax {
    guard isSymbol(.minus) else { return try postfix() }
    try enter()
    defer { depth -= 1 }
    let start = advance().range
    let operand = try unary()
    return try make(.negate(operand), from: start, to: operand.range)
  }

  private mutating func postfix() throws(RuleError) -> Syntax {
    var base = try primary()
    while true {
      if isSymbol(.dot) {
        _ = advance()
        guard case .identifier(let name) = current.kind else {
          throw RuleError("expected a name after '.', found \(describe(current))", at: current.range)
        }
        let nameToken = advance()
        base = try make(.field(base, name, nameToken.range), from: base.range, to: nameToken.range)
      } else if isSymbol(.leftBracket) {
        _ = advance()
        let index = try expression()
        var column: Syntax?
        if isSymbol(.comma) {
          _ = advance()
          column = try expression()
        }
        let close = try expect(.rightBracket, "to close the index")
        base = try make(.index(base, index, column: column), from: base.range, to: close.range)
      } else {
        return base
      }
    }
  }

  private mutating func primary() throws(RuleError) -> Syntax {
    let token = current
    switch token.kind {
    case .number(let value):
      _ = advance()
      return try make(.number(value), from: token.range, to: token.range)
    case .string(let text):
      _ = advance()
      return try make(.text(text), from: token.range, to: token.range)
    case .date(let date):
      _ = advance()
      return try make(.date(date), from: token.range, to: token.range)
    case .keyword(.true), .keyword(.false):
      _ = advance()
      return try make(.bool(token.kind == .keyword(.true)), from: token.range, to: token.range)
    case .symbol(.leftParen):
      try enter()
      defer { depth -= 1 }
      _ = advance()
      let inner = try expression()
      _ = try expect(.rightParen, "to close '('")
      return inner
    case .identifier(let name):
      _ = advance()
      guard isSymbol(.leftParen) else { return try make(.name(name), from: token.range, to: token.range) }
      try enter()
      defer { depth -= 1 }
      _ = advance()
      if let kind = AggregateKind(rawValue: name), isBinding() {
        return try aggregate(kind, start: token.range)
      }
      if name == "rank" { return try rank(start: token.range) }
      var arguments: [Syntax] = []
      if !isSymbol(.rightParen) {
        repeat {
          if isSymbol(.comma) { _ = advance() }
          arguments.append(try expression())
        } while isSymbol(.comma)
      }
      let close = try expect(.rightParen, "to close the arguments of '\(name)'")
      return try make(.call(name, arguments), from: token.range, to: close.range)
    default:
      throw RuleError("expected a value, found \(describe(token))", at: token.range)
    }
  }

  /// True at `name in` — the start of an aggregate's binding rather than a plain argument.
  private func isBinding() -> Bool {
    guard case .identifier = current.kind, position + 1 < tokens.count else { return false }
    return tokens[position + 1].kind == .keyword(.in)
  }

  private mutating func binding() throws(RuleError) -> (String, SourceRange) {
    guard case .identifier(let variable) = current.kind else {
      throw RuleError(
        "expected a name for each member, as in 'c in members', found \(describe(current))", at: current.range)
    }
    let variableToken = advance()
    try expect(.in, "after '\(variable)'")
    guard case .identifier("members") = current.kind else {
      throw RuleError("expected 'members' after 'in', found \(describe(current))", at: current.range)
    }
    _ = advance()
    return (variable, variableToken.range)
  }

  private mutating func aggregate(_ kind: AggregateKind, start: SourceRange) throws(RuleError) -> Syntax {
    let (variable, variableRange) = try binding()
    var filter: Syntax?
    if isKeyword(.where) {
      _ = advance()
      filter = try expression()
    }
    var body: Syntax?
    if isSymbol(.colon) {
      _ = advance()
      body = try expression()
    }
    let close = try expect(.rightParen, "to close '\(kind.rawValue)(…)'")
    return try make(
      .aggregate(kind, variable: variable, variableRange: variableRange, filter: filter, body: body), from: start,
      to: close.range)
  }

  private mutating func rank(start: SourceRange) throws(RuleError) -> Syntax {
    let target = try expression()
    _ = try expect(.comma, "after the member whose rank is wanted, as in 'rank(c, o in members where …)'")
    let (variable, variableRange) = try binding()
    var filter: Syntax?
    if isKeyword(.where) {
      _ = advance()
      filter = try expression()
    }
    let close = try expect(.rightParen, "to close 'rank(…)'")
    return try make(
      .rank(target: target, variable: variable, variableRange: variableRange, filter: filter), from: start,
      to: close.range)
  }
}

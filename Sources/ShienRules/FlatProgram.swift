import ShienFacts
import ShienSupport

/// Every rule of a library in one flat form: the expression trees laid out as an array of fixed-size nodes that
/// name their operands by position, so that evaluating them walks plain arrays (no boxes, no reference counting).
///
/// Built once when a catalog is opened, shared read-only by every worker; ``FlatEvaluator`` runs it with the same
/// semantics as ``Evaluator`` runs the trees (a differential test holds them to it). The trees stay for diagnostics,
/// `show` and the planner.
package struct FlatProgram: Sendable {
  /// One expression node. `a`, `b`, `c` are operands: node positions, constant positions, indexes or counts, by `op`.
  package struct Node: Sendable {
    package var op: Op
    /// A sub-kind: the comparison operator, the aggregate kind, the builtin, the member attribute.
    package var kind: UInt8
    package var a: Int32
    package var b: Int32
    package var c: Int32
  }

  package enum Op: UInt8, Sendable {
    /// `a`: position in `constants`.
    case constant
    case asOf
    /// `a`: fact.
    case householdFact
    /// `a`: slot, `b`: fact.
    case memberFact
    /// `a`: slot, `kind`: attribute.
    case memberAttribute
    /// `a`: slot.
    case memberVariable
    /// `a`: parameter, `b`: row node or −1.
    case parameter
    /// `a`: parameter, `b`: key node, `c`: column node or −1.
    case keyedParameter
    /// `a`: operand.
    case negate, not
    /// `a`, `b`: operands.
    case and, or, add, subtract, multiply, divide
    /// `a`, `b`: operands, `kind`: the operator (`FlatProgram.comparisons`).
    case compare
    /// `a`: subject, `b`: first constant, `c`: how many.
    case inList
    /// `a`: first entry in `lists` (condition, value pairs), `b`: pairs, `c`: the otherwise node.
    case conditional
    /// `kind`: aggregate kind, `a`: slot, `b`: filter node or −1, `c`: body node or −1.
    case aggregate
    /// `a`: target, `b`: slot, `c`: filter node or −1.
    case rank
    /// `kind`: builtin, `a`: first entry in `lists`, `b`: how many arguments.
    case builtin
    /// `a`: definition, household-wide.
    case definition
    /// `a`: definition, `b`: slot of the member argument.
    case definitionOfSlot
    /// `a`: definition, `b`: argument node.
    case definitionOfValue
  }

  /// A compiled rule's entry: its root node and frame size.
  package struct Entry: Sendable {
    package var root: Int32
    package var frameSize: Int
  }

  package static let comparisons: [BinaryOperator] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]
  package static let aggregates = AggregateKind.allCases
  package static let builtins = Builtin.allCases
  package static let attributes = MemberAttribute.allCases

  package private(set) var nodes: [Node] = []
  package private(set) var constants: [Value] = []
  package private(set) var lists: [Int32] = []
  /// The entry of each definition of the library, by index.
  package private(set) var definitions: [Entry] = []
  package let library: RuleLibrary

  /// Lays out every definition of `library`; rules are added with ``add(_:)``.
  package init(library: RuleLibrary) {
    self.library = library
    var entries: [Entry] = []
    for definition in library.definitions { entries.append(add(definition.rule)) }
    definitions = entries
  }

  /// Lays out a rule and returns its entry.
  package mutating func add(_ rule: CompiledRule) -> Entry {
    Entry(root: emit(rule.expr), frameSize: max(rule.frameSize, 1))
  }

  private mutating func node(_ op: Op, kind: UInt8 = 0, _ a: Int32 = -1, _ b: Int32 = -1, _ c: Int32 = -1) -> Int32 {
    nodes.append(Node(op: op, kind: kind, a: a, b: b, c: c))
    return Int32(nodes.count - 1)
  }

  private mutating func emit(_ expr: Expr?) -> Int32 {
    guard let expr else { return -1 }
    return emit(expr)
  }

  private mutating func emit(_ expr: Expr) -> Int32 {
    switch expr {
    case .constant(let value):
      constants.append(value)
      return node(.constant, Int32(constants.count - 1))
    case .asOf:
      return node(.asOf)
    case .householdFact(let fact):
      return node(.householdFact, Int32(fact))
    case .memberFact(let slot, let fact):
      return node(.memberFact, Int32(slot), Int32(fact))
    case .memberAttribute(let slot, let attribute):
      return node(.memberAttribute, kind: Self.code(attribute, in: Self.attributes), Int32(slot))
    case .memberVariable(let slot):
      return node(.memberVariable, Int32(slot))
    case .parameter(let index, let row):
      let row = emit(row)
      return node(.parameter, Int32(index), row)
    case .keyedParameter(let index, let key, let column):
      let key = emit(key)
      let column = emit(column)
      return node(.keyedParameter, Int32(index), key, column)
    case .negate(let operand):
      let operand = emit(operand)
      return node(.negate, operand)
    case .not(let operand):
      let operand = emit(operand)
      return node(.not, operand)
    case .binary(let op, let left, let right):
      let l = emit(left)
      let r = emit(right)
      switch op {
      case .and: return node(.and, l, r)
      case .or: return node(.or, l, r)
      case .add: return node(.add, l, r)
      case .subtract: return node(.subtract, l, r)
      case .multiply: return node(.multiply, l, r)
      case .divide: return node(.divide, l, r)
      case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
        return node(.compare, kind: Self.code(op, in: Self.comparisons), l, r)
      }
    case .inList(let subject, let values):
      let subject = emit(subject)
      let first = Int32(constants.count)
      constants.append(contentsOf: values)
      return node(.inList, subject, first, Int32(values.count))
    case .conditional(let conditions, let values, let otherwise):
      var pairs: [Int32] = []
      for (condition, value) in zip(conditions, values) {
        pairs.append(emit(condition))
        pairs.append(emit(value))
      }
      let otherwise = emit(otherwise)
      let first = Int32(lists.count)
      lists.append(contentsOf: pairs)
      return node(.conditional, first, Int32(min(conditions.count, values.count)), otherwise)
    case .aggregate(let kind, let slot, let filter, let body):
      let filter = emit(filter)
      let body = emit(body)
      return node(.aggregate, kind: Self.code(kind, in: Self.aggregates), Int32(slot), filter, body)
    case .rank(let target, let slot, let filter):
      let target = emit(target)
      let filter = emit(filter)
      return node(.rank, target, Int32(slot), filter)
    case .builtin(let builtin, let arguments):
      let arguments = arguments.map { emit($0) }
      let first = Int32(lists.count)
      lists.append(contentsOf: arguments)
      return node(.builtin, kind: Self.code(builtin, in: Self.builtins), first, Int32(arguments.count))
    case .definition(let index, argument: nil):
      return node(.definition, Int32(index))
    case .definition(let index, argument: .memberVariable(let slot)?):
      return node(.definitionOfSlot, Int32(index), Int32(slot))
    case .definition(let index, argument: let argument?):
      let argument = emit(argument)
      return node(.definitionOfValue, Int32(index), argument)
    }
  }

  private static func code<T: Equatable>(_ value: T, in table: [T]) -> UInt8 {
    UInt8(table.firstIndex(of: value)!)
  }
}

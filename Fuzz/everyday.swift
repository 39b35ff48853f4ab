/// Fuzz target: the everyday-input normalisers (money, dates in every era, ages, yes/no, date-or-age).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEverydayInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = FuzzFixtures.text(data, size)
  let asOf = CivilDate(iso: "2025-06-01")!
  _ = EverydayInput.normalizeWidth(text)
  _ = try? EverydayInput.money(text)
  _ = try? EverydayInput.date(text)
  _ = try? EverydayInput.date(text, reference: asOf)
  _ = try? EverydayInput.age(text)
  _ = try? EverydayInput.yesNo(text)
  _ = EverydayInput.unknownAnswer(text)
  if let answer = try? EverydayInput.dateOrAge(text, on: asOf), case .birthDate(let date) = answer {
    _ = EverydayInput.Era.japaneseText(for: date)
  }
  return 0
}

/// Fuzz target: the household parser (JSONReader, then HouseholdDecoder against the real vocabulary), and the
/// date checks and single-parent inference that `shien check` runs on every household it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHousehold(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let decoder = HouseholdDecoder(vocabulary: FuzzFixtures.vocabulary)
  guard var household = try? decoder.decode(bytes) else { return 0 }
  _ = try? decoder.checkDates(household, asOf: CivilDate(iso: "2025-06-01")!, root: nil)
  decoder.inferSingleParent(&household)
  return 0
}

/// Fuzz target: the compiled catalog as a database from elsewhere holds it (CatalogBinary.decode), then, when it
/// decodes, every measure matched for a household. The input is a list of patches on the real compiled catalog, so
/// that mutations reach deep into a well-formed blob: each patch is a 3-byte offset (little-endian, taken modulo the
/// blob's length), a length byte, and that many bytes written over the blob; a final byte that is not a whole patch
/// cuts the blob at that fraction of its length.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalogDatabase(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = UnsafeBufferPointer(start: data, count: size)
  var blob = FuzzCatalogBlob.bytes
  var position = 0
  while position + 4 <= input.count {
    let offset = (Int(input[position]) | Int(input[position + 1]) << 8 | Int(input[position + 2]) << 16) % blob.count
    let length = Int(input[position + 3])
    position += 4
    for index in 0..<length where position < input.count && offset + index < blob.count {
      blob[offset + index] = input[position]
      position += 1
    }
  }
  if position < input.count { blob.removeLast(blob.count - blob.count * Int(input[position]) / 256) }
  guard let catalog = try? CatalogBinary.decode(blob) else { return 0 }
  // As shien reads a household: against the vocabulary of the catalog it was given.
  let decoder = HouseholdDecoder(vocabulary: catalog.library.vocabulary)
  for json in FuzzCatalogBlob.households {
    guard let household = try? decoder.decode(json) else { continue }
    let matcher = Matcher(catalog: catalog)
    let municipality = (try? matcher.municipality(of: household)) ?? nil
    _ = matcher.match(household, asOf: CivilDate(iso: "2025-06-01")!, municipality: municipality)
  }
  return 0
}

enum FuzzCatalogBlob {
  static let bytes = CatalogBinary.encode(FuzzFixtures.catalog)

  /// A single parent with two children and a household of one with most facts unknown.
  static let households: [[UInt8]] = [
    #"""
    {"municipality": "古賀市", "rent": 65000, "members": [
      {"role": "self", "birth_date": "1988-06-02", "income": 2400000, "employment": "employee"},
      {"role": "child", "birth_date": "2016-05-10"},
      {"role": "child", "birth_date": "2023-01-20", "disability_physical_grade": 2}]}
    """#,
    #"{"members": [{"role": "self", "age": 70}]}"#,
  ].map { Array($0.utf8) }
}

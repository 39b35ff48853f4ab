/// Fuzz target: the batch CSV reader — `RecordReader` cutting the input into records (in reads of a size taken
/// from the first byte, with a small record limit so the too-long path is reached), `CSVRecord.parse` on each, the
/// first as the header of a `HouseholdCSVLayout` against the real vocabulary and the others as households — and the
/// writer: a parsed record written out with `CSVWriter` must parse back to the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let readSize = Int(data[0] % 64) + 1
  let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  var reader = RecordReader(
    source: MemorySource(bytes, readSize: readSize), format: .csv, maxRecordBytes: 4096, readSize: readSize)
  let decoder = HouseholdDecoder(vocabulary: FuzzFixtures.vocabulary)
  let asOf = CivilDate(iso: "2025-06-01")!
  var layout: HouseholdCSVLayout?
  var isHeader = true
  while let chunk = try? reader.nextChunk(targetBytes: 256, maxRecords: 8) {
    for record in chunk.records where !record.isTooLong {
      let parsed = chunk.bytes(of: record).withUnsafeBufferPointer { buffer in
        try? CSVRecord.parse(buffer, maxFieldBytes: 1024)
      }
      guard let row = parsed else {
        isHeader = false
        continue
      }
      // Written out and read again, a record whose fields are all UTF-8 gives back the same fields.
      let texts = (0..<row.count).compactMap { row.text($0) }
      if texts.count == row.count {
        var written: [UInt8] = []
        CSVWriter.appendRecord(texts, to: &written)
        written.removeLast()  // the line feed; parse drops the carriage return
        let again = written.withUnsafeBufferPointer { try? CSVRecord.parse($0, maxFieldBytes: 1024) }
        if again?.fields != texts {
          fatalError("CSV round trip changed \(texts) into \(String(describing: again?.fields))")
        }
      }
      if isHeader {
        isHeader = false
        layout = try? HouseholdCSVLayout(header: row, vocabulary: FuzzFixtures.vocabulary)
      } else if let layout, !row.isBlank, let (household, _) = try? layout.household(from: row) {
        _ = try? decoder.checkDates(household, asOf: asOf, root: nil)
      }
    }
  }
  return 0
}

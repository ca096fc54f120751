/// libFuzzer's entry point: one input per call. `swift build --sanitize fuzzer` compiles this file as a library
/// and links libFuzzer's `main`, which also replays inputs given as files (`ElfKitFuzz crash-…`); built without
/// the fuzzer the program does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzDriver.fuzzer.run(UnsafeRawBufferPointer(start: data, count: size))
  return 0
}

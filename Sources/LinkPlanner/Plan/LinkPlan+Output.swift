extension LinkPlan {
  /// The file the plan writes: the word after its last `-o`.
  public var outputPath: String? {
    guard let flag = arguments.lastIndex(where: { $0.value == "-o" }), flag + 1 < arguments.count else { return nil }
    return arguments[flag + 1].value
  }

  /// The same plan, writing to `path` instead of its output.
  public func writing(to path: String) -> LinkPlan {
    guard let flag = arguments.lastIndex(where: { $0.value == "-o" }), flag + 1 < arguments.count else { return self }
    var plan = self
    plan.arguments[flag + 1].value = path
    return plan
  }
}

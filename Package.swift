// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "link-check",
  products: [
    .executable(name: "link-check", targets: ["link-check"]),
    .library(name: "ElfKit", targets: ["ElfKit"]),
    .library(name: "LinkPlanner", targets: ["LinkPlanner"]),
    // libFuzzer target over ElfKit and the resolver: scripts/fuzz builds it with --sanitize fuzzer.
    .executable(name: "ElfKitFuzz", targets: ["ElfKitFuzz"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CLibelf",
      pkgConfig: "libelf",
      providers: [.apt(["libelf-dev"])]
    ),
    .target(name: "ElfKit", dependencies: ["CLibelf"]),
    .target(name: "LinkPlanner", dependencies: ["ElfKit"]),
    .executableTarget(
      name: "link-check",
      dependencies: [
        "ElfKit", "LinkPlanner",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(name: "ElfKitFuzz", dependencies: ["ElfKit", "LinkPlanner"]),
    // Fixture recipes and tool runners shared by the test targets.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "ElfKitTests", dependencies: ["ElfKit", "TestSupport"]),
    .testTarget(name: "LinkPlannerTests", dependencies: ["LinkPlanner", "TestSupport"]),
    .testTarget(name: "LinkCheckTests", dependencies: ["link-check", "ElfKit", "ElfKitFuzz", "TestSupport"]),
  ]
)

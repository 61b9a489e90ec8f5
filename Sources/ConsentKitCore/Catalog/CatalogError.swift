/// A privacy catalog could not be built: every problem found, at once.
public struct CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem in a catalog.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// What kind of problem.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private let name: String
            private init(_ name: String) { self.name = name }

            /// Two purposes share an id.
            public static let duplicatePurpose = Code("duplicatePurpose")
            /// Two categories share an id.
            public static let duplicateCategory = Code("duplicateCategory")
            /// A purpose names a category the catalog does not declare.
            public static let unknownCategory = Code("unknownCategory")
            /// A consent-based purpose names no notice.
            public static let consentPurposeWithoutNotice = Code("consentPurposeWithoutNotice")
            /// A purpose uses a special category but has a basis other than consent.
            public static let specialCategoryWithoutConsent = Code("specialCategoryWithoutConsent")
            /// A required text (title, description) is empty.
            public static let missingText = Code("missingText")
            /// The JSON could not be read.
            public static let malformedJSON = Code("malformedJSON")
            /// The catalog is larger than allowed.
            public static let tooLarge = Code("tooLarge")

            public var description: String { name }
        }

        /// The kind of problem.
        public let code: Code
        /// Where, for example `purposes[3]` or `purposes["ads"].categories`.
        public let location: String
        /// What is wrong, naming the offending value.
        public let message: String

        /// Creates a problem report.
        public init(code: Code, location: String, message: String) {
            self.code = code
            self.location = location
            self.message = message
        }

        public var description: String { "\(location): \(message)" }
    }

    /// Every problem found, in catalog order.
    public let problems: [Problem]

    /// Creates the error from its problems.
    public init(problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        "invalid privacy catalog (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

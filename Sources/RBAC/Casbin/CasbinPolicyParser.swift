/// One rule of a Casbin policy file, with the line it came from.
struct CasbinRecord: Hashable, Sendable {
    /// The rule type: `p`, `g` or `g2`.
    var type: String
    /// The fields after the rule type, unquoted and trimmed.
    var fields: [String]
    /// The 1-based line number in the file.
    var line: Int
}

/// A problem found in a Casbin file, located by line.
struct CasbinProblem: Hashable, Sendable {
    /// The 1-based line number, or 0 for the file as a whole.
    var line: Int
    var message: String
}

/// Splits a Casbin policy file (CSV) into rules the way Casbin's file
/// adapter reads it: one rule per line, lines trimmed, blank lines and lines
/// starting with `#` skipped, fields separated by commas with leading and
/// trailing blanks removed, and a field may be double-quoted (`"a, b"`, with
/// `""` for a literal quote).
///
/// Unlike Casbin, which stops at the first bad line, every malformed line is
/// reported.
enum CasbinPolicyParser {
    /// The largest policy file accepted, in UTF-8 bytes (16 MiB).
    static let maximumByteCount = 16 * 1024 * 1024
    /// The most lines accepted, counting blank and comment lines.
    static let maximumLineCount = 1_000_000

    /// The outcome of a parse: the well-formed rules and a problem for each
    /// malformed line, or why the whole file was refused.
    enum Outcome {
        case parsed(records: [CasbinRecord], problems: [CasbinProblem])
        case tooLarge(String)
    }

    /// Parses `text` into rules; checks the size limits before reading anything.
    static func parse(_ text: String) -> Outcome {
        let byteCount = text.utf8.count
        guard byteCount <= maximumByteCount else {
            return .tooLarge("the policy is \(byteCount) bytes; the limit is \(maximumByteCount) bytes")
        }
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count <= maximumLineCount else {
            return .tooLarge("the policy has \(lines.count) lines; the limit is \(maximumLineCount) lines")
        }
        // A UTF-8 byte order mark, as some editors on Windows write, is not part of the first rule.
        if let first = lines.first, first.starts(with: [0xEF, 0xBB, 0xBF]) {
            lines[0] = first.dropFirst(3)
        }

        var records: [CasbinRecord] = []
        records.reserveCapacity(lines.count)
        var problems: [CasbinProblem] = []
        for (index, rawLine) in lines.enumerated() {
            let line = trimmed(rawLine)
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            switch fields(of: line) {
            case .success(var fields):
                let type = fields.removeFirst()
                guard !type.isEmpty else {
                    problems.append(.init(line: index + 1, message: "the rule type (p, g) is missing"))
                    continue
                }
                records.append(.init(type: type, fields: fields, line: index + 1))
            case .failure(let message):
                problems.append(.init(line: index + 1, message: message))
            }
        }
        return .parsed(records: records, problems: problems)
    }

    private enum FieldsResult {
        case success([String])
        case failure(String)
    }

    /// Splits one trimmed, non-empty line into its fields.
    private static func fields(of line: Substring.UTF8View) -> FieldsResult {
        var fields: [String] = []
        var index = line.startIndex
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        while true {
            while index < line.endIndex, isBlank(line[index]) { index = line.index(after: index) }
            if index < line.endIndex, line[index] == quote {
                // Quoted field: runs to the next lone quote; `""` stands for one quote.
                var bytes: [UInt8] = []
                index = line.index(after: index)
                var closed = false
                while index < line.endIndex {
                    let byte = line[index]
                    index = line.index(after: index)
                    if byte == quote {
                        if index < line.endIndex, line[index] == quote {
                            bytes.append(quote)
                            index = line.index(after: index)
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        bytes.append(byte)
                    }
                }
                guard closed else { return .failure("field \(fields.count + 1) has no closing quote") }
                while index < line.endIndex, isBlank(line[index]) { index = line.index(after: index) }
                guard index == line.endIndex || line[index] == comma else {
                    return .failure("field \(fields.count + 1) has text after its closing quote")
                }
                fields.append(String(decoding: bytes, as: UTF8.self))
            } else {
                let start = index
                while index < line.endIndex, line[index] != comma {
                    if line[index] == quote {
                        return .failure("field \(fields.count + 1) has a quote inside an unquoted field; quote the whole field")
                    }
                    index = line.index(after: index)
                }
                fields.append(String(decoding: trimmed(line[start..<index]), as: UTF8.self))
            }
            guard index < line.endIndex else { return .success(fields) }
            index = line.index(after: index)  // the comma
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return bytes[start..<end]
    }
}

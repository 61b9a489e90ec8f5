/// Size limits the masking strategies enforce on their inputs.
///
/// A value over a limit is refused with ``MaskingError`` `.tooLarge` before any
/// work is done, so a hostile or corrupt record cannot make masking spend time
/// or memory in proportion to its size.
public enum MaskingLimits {
    /// The largest string value (and record key) a strategy accepts, in UTF-8
    /// bytes: 64 KiB.
    public static let maximumValueByteCount = 64 * 1024
}

extension MaskingLimits {
    /// Throws `.tooLarge` when `value` is over ``maximumValueByteCount``.
    /// Cost: O(1) for native strings (their UTF-8 count is stored); `what`
    /// is only built for the error, so callers may interpolate it freely.
    static func check(_ value: String, _ what: @autoclosure () -> String) throws(MaskingError) {
        let count = value.utf8.count
        guard count <= maximumValueByteCount else {
            throw MaskingError(
                code: .tooLarge,
                message: "\(what()) of \(count) UTF-8 bytes is over the \(maximumValueByteCount)-byte limit")
        }
    }
}

extension FieldPath {
    /// A path made of payload member names, taken as they are: names that a
    /// catalog path could never spell (`"first name"`) still say what was
    /// dropped.
    init(payloadSegments segments: [String]) {
        self.segments = segments
    }
}

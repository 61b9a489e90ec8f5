// The counterpart of Presidio's anonymizer handed two spans of a text (an
// email and a phone number): ConsentKit masks the same two values, the email
// with its local part hidden and the phone number down to its last four
// digits, the operators compare-masking.py gives Presidio. The values are
// the spans of compare-masking.py's text.

import Benchmark
import Masking

func spanBenchmarks() {
    let email = "jane.doe@example.com"
    let phone = "+1 415 555 0132"
    let emailMask = EmailMask(keepLocalFirst: 0)
    let phoneMask = PhoneMask(keepLast: 4)

    Benchmark("Two values (email, phone), strategies applied directly", configuration: maskingConfiguration) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try emailMask.apply(to: email))
            blackHole(try phoneMask.apply(to: phone))
        }
    }

    // One strategy each, to see where a record's time goes.
    Benchmark("Strategy alone: EmailMask, 20-character address", configuration: maskingConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try emailMask.apply(to: email))
        }
    }

    Benchmark("Strategy alone: PhoneMask, 15-character number", configuration: maskingConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try phoneMask.apply(to: phone))
        }
    }

    let card = "4111 1111 1111 1111"
    let cardMask = PartialMask(keepLast: 4, preserving: [" "])
    Benchmark("Strategy alone: PartialMask, card number keeping the last 4", configuration: maskingConfiguration) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try cardMask.apply(to: card))
        }
    }
}

/// The controller a consent receipt names: who decides on the processing
/// and how the subject reaches them (GDPR Art. 13(1)(a); Kantara CR v1.1
/// §4.4; ISO/IEC TS 27560 party fields).
///
/// Decodable from a host's configuration JSON; a missing or mistyped field is
/// a `DecodingError` naming its path, and empty required texts are refused.
public struct ReceiptController: Hashable, Sendable, Codable {
    /// A postal address with the field names of schema.org `PostalAddress`,
    /// which Kantara CR v1.1 §4.4.6 prescribes.
    public struct PostalAddress: Hashable, Sendable, Codable {
        /// Street and number.
        public var streetAddress: String?
        /// Town or city.
        public var addressLocality: String?
        /// Region or state.
        public var addressRegion: String?
        /// Postal code.
        public var postalCode: String?
        /// Country, preferably as an ISO 3166-1 alpha-2 code.
        public var addressCountry: String?

        /// Creates an address.
        public init(
            streetAddress: String? = nil, addressLocality: String? = nil, addressRegion: String? = nil,
            postalCode: String? = nil, addressCountry: String? = nil
        ) {
            self.streetAddress = streetAddress
            self.addressLocality = addressLocality
            self.addressRegion = addressRegion
            self.postalCode = postalCode
            self.addressCountry = addressCountry
        }
    }

    /// The controller's legal name.
    public let name: String
    /// Who to contact: a person, role or department (the DPO).
    public let contact: String
    /// The postal address.
    public let address: PostalAddress
    /// The contact email address.
    public let email: String
    /// The contact phone number (RFC 3966 form recommended).
    public let phone: String
    /// The controller's website, if any.
    public let url: String?
    /// The privacy policy the receipts link to; ideally one that names the
    /// notice version (Kantara §4.4.10: keep pointing at the old policy until
    /// the subject consents to the new one).
    public let policyURL: String
    /// Whether a site operator collects on the controller's behalf (Kantara `onBehalf`).
    public let onBehalf: Bool

    /// Describes the controller.
    /// - Throws: ``ValidationError`` `.empty` for an empty name, contact,
    ///   email, phone or policy URL.
    public init(
        name: String, contact: String, address: PostalAddress, email: String, phone: String, url: String? = nil,
        policyURL: String, onBehalf: Bool = false
    ) throws(ValidationError) {
        for (field, value) in [("name", name), ("contact", contact), ("email", email), ("phone", phone), ("policyURL", policyURL)]
        where value.isEmpty {
            throw ValidationError(code: .empty, kind: "ReceiptController", message: "the \(field) is empty")
        }
        self.name = name
        self.contact = contact
        self.address = address
        self.email = email
        self.phone = phone
        self.url = url
        self.policyURL = policyURL
        self.onBehalf = onBehalf
    }

    private enum CodingKeys: String, CodingKey {
        case name, contact, address, email, phone, url, policyURL, onBehalf
    }

    /// Decodes and validates like ``init(name:contact:address:email:phone:url:policyURL:onBehalf:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                name: container.decode(String.self, forKey: .name),
                contact: container.decode(String.self, forKey: .contact),
                address: container.decode(PostalAddress.self, forKey: .address),
                email: container.decode(String.self, forKey: .email),
                phone: container.decode(String.self, forKey: .phone),
                url: container.decodeIfPresent(String.self, forKey: .url),
                policyURL: container.decode(String.self, forKey: .policyURL),
                onBehalf: container.decodeIfPresent(Bool.self, forKey: .onBehalf) ?? false)
        } catch let error as ValidationError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: container.codingPath, debugDescription: error.description))
        }
    }
}

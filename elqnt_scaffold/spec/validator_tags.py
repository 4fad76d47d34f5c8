"""go-playground/validator v10's tags, as data: what a spec's `validate` may name (spec/fields.py checks it).

Copied from github.com/go-playground/validator/v10 at v10.30.6 (the version examples/eloquent requires):
- `VALIDATORS`: the keys of `bakedInValidators` in baked_in.go;
- `ALIASES`: `bakedInAliases` in baked_in.go (an alias stands for its `|`-joined tags);
- `KEYWORDS`: the tags `parseFieldTagsRecursive` in cache.go handles itself (constants in validator_instance.go);
- `PARAMETERS` / `OPTIONAL_PARAMETER`: the validators whose function reads `fl.Param()` (directly or through a
  helper it calls with `fl`); every other validator ignores a parameter.
- `ADDED_AFTER_PINNED`: validators that v10.26.0 (`validator_version` of a new service's go.mod) lacks.

A tag outside these tables makes validator panic ("Undefined validation function") on the first request
it validates. tests/test_validator_tags.py downloads that module version (`go mod download`) and fails
when these tables differ from its source.
"""

from __future__ import annotations

VERSION = "v10.30.6"
PINNED_VERSION = "v10.26.0"

VALIDATORS: frozenset[str] = frozenset(
    """
    required required_if required_unless skip_unless required_with required_with_all required_without
    required_without_all excluded_if excluded_unless excluded_with excluded_with_all excluded_without
    excluded_without_all isdefault len min max eq eq_ignore_case ne ne_ignore_case lt lte gt gte eqfield
    eqcsfield necsfield gtcsfield gtecsfield ltcsfield ltecsfield nefield gtefield gtfield ltefield
    ltfield fieldcontains fieldexcludes alpha alphaspace alphanum alphanumspace alphaunicode
    alphanumunicode boolean numeric number hexadecimal hexcolor rgb rgba hsl hsla cmyk e164 email url
    http_url https_url uri origin urn_rfc8141 urn_rfc2141 file filepath base32 base64 base64url
    base64rawurl contains containsany containsrune excludes excludesall excludesrune startswith endswith
    startsnotwith endsnotwith image mimetype isbn isbn10 isbn13 issn eth_addr eth_addr_checksum btc_addr
    btc_addr_bech32 uuid uuid3 uuid4 uuid5 uuid7 uuid_rfc4122 uuid3_rfc4122 uuid4_rfc4122 uuid5_rfc4122
    ulid md4 md5 sha256 sha384 sha512 ripemd128 ripemd160 tiger128 tiger160 tiger192 ascii printascii
    multibyte datauri latitude longitude ssn ipv4 ipv6 ip cidrv4 cidrv6 cidr tcp4_addr tcp6_addr
    tcp_addr udp4_addr udp6_addr udp_addr ip4_addr ip6_addr ip_addr unix_addr uds_exists mac hostname
    hostname_rfc1123 hostname_label fqdn unique oneof oneofci noneof noneofci html html_encoded
    url_encoded dir dirpath json jwt hostname_port port lowercase uppercase datetime timezone
    iso3166_1_alpha2 iso3166_1_alpha2_eu iso3166_1_alpha3 iso3166_1_alpha3_eu iso3166_1_alpha_numeric
    iso3166_1_alpha_numeric_eu iso3166_2 iso4217 iso4217_numeric bcp47_language_tag
    bcp47_strict_language_tag postcode_iso3166_alpha2 postcode_iso3166_alpha2_field bic_iso_9362_2014
    bic semver dns_rfc1035_label credit_card cve luhn_checksum mongodb mongodb_connection_string cron
    spicedb ein duration validateFn
    """.split()
)

ALIASES: dict[str, str] = {
    "iscolor": "hexcolor|rgb|rgba|hsl|hsla|cmyk",
    "country_code": "iso3166_1_alpha2|iso3166_1_alpha3|iso3166_1_alpha_numeric",
    "eu_country_code": "iso3166_1_alpha2_eu|iso3166_1_alpha3_eu|iso3166_1_alpha_numeric_eu",
}

# cache.go's switch: dive, keys ... endkeys (map keys), omitempty, omitnil, omitzero, structonly, nostructlevel
KEYWORDS: frozenset[str] = frozenset({"dive", "keys", "endkeys", "omitempty", "omitnil", "omitzero", "structonly", "nostructlevel"})

# Validators that read their parameter; without one they panic (asInt("")) or can never pass.
PARAMETERS: frozenset[str] = frozenset(
    """
    required_if required_unless skip_unless required_with required_with_all required_without
    required_without_all excluded_if excluded_unless excluded_with excluded_with_all excluded_without
    excluded_without_all len min max eq eq_ignore_case ne ne_ignore_case lt lte gt gte eqfield eqcsfield
    necsfield gtcsfield gtecsfield ltcsfield ltecsfield nefield gtefield gtfield ltefield ltfield
    fieldcontains fieldexcludes contains containsany containsrune excludes excludesall excludesrune
    startswith endswith startsnotwith endsnotwith mimetype oneof oneofci noneof noneofci datetime
    postcode_iso3166_alpha2 postcode_iso3166_alpha2_field
    """.split()
)
# Validators whose parameter may be left out (`unique` / `unique=Field`, `spicedb` / `spicedb=type`).
OPTIONAL_PARAMETER: frozenset[str] = frozenset({"unique", "spicedb", "validateFn"})

ADDED_AFTER_PINNED: frozenset[str] = frozenset(
    """
    alphanumspace alphaspace bcp47_strict_language_tag bic_iso_9362_2014 cmyk duration hostname_label
    https_url mimetype noneof noneofci origin uds_exists urn_rfc8141 uuid7 validateFn
    """.split()
)


def known() -> frozenset[str]:
    """Every name a rule may start with."""
    return VALIDATORS | frozenset(ALIASES) | KEYWORDS

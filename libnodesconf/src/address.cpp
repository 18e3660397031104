#include "address.h"

#include <arpa/inet.h>

#include <array>

#include <fmt/format.h>

#include "c_numbers.h"
#include "nodesconf/model.h"

namespace nodesconf::detail {

namespace {

constexpr std::size_t kMaxIpLength = 45;  // NET_IP_STR_LEN - 1

std::uint32_t u32(std::size_t v) {
    return static_cast<std::uint32_t>(v);
}

// isValidAuxChar refuses a NUL and the bytes !#$%&()*+:;<>?@[]^{|}~; Valkey lets ':' through.
// A table, not a search of that list for each byte: every aux key and value of a 7.2+ file
// passes here, and the search was a quarter of validating one.
// The '=' class counts them in the same pass: it is the class byte's only bit from 4 up.
constexpr std::uint8_t kAuxRefused = 1, kAuxColon = 2, kAuxEquals = 4;
constexpr std::array<std::uint8_t, 256> kAuxByteClass = [] {
    std::array<std::uint8_t, 256> table{};
    table[0] = kAuxRefused;
    for (char c : std::string_view("!#$%&()*+;<>?@[]^{|}~"))
        table[static_cast<unsigned char>(c)] = kAuxRefused;
    table[static_cast<unsigned char>(':')] = kAuxColon;
    table[static_cast<unsigned char>('=')] = kAuxEquals;
    return table;
}();

// Whether bytes of these classes, OR-ed, pass isValidAuxChar.
bool aux_classes_allowed(std::uint8_t classes, bool allow_colon) {
    return (classes & (allow_colon ? kAuxRefused : kAuxRefused | kAuxColon)) == 0;
}

// Checks the value the way the key's setter does; returns an error text or "".
std::string check_aux_value(AuxKey key, std::string_view value) {
    switch (key) {
        case AuxKey::shard_id:
            if (!is_valid_node_id(value))
                return fmt::format("shard-id '{}' is not 40 characters of [a-z0-9]", value);
            return "";
        case AuxKey::nodename:
            return "";
        case AuxKey::tcp_port:
        case AuxKey::tls_port: {
            if (value.empty() || value.size() > 5)
                return fmt::format("{} '{}' must be 1 to 5 characters", aux_key_name(key), value);
            const int port = c_atoi(value);
            if (port < 0 || port > 65535)
                return fmt::format("{} {} is out of range 0-65535", aux_key_name(key), port);
            return "";
        }
        case AuxKey::client_ipv4:
        case AuxKey::client_ipv6: {
            if (value.empty()) return "";
            std::string text(value);
            unsigned char buffer[16];
            const int family = key == AuxKey::client_ipv4 ? AF_INET : AF_INET6;
            if (inet_pton(family, text.c_str(), buffer) != 1)
                return fmt::format("{} '{}' is not an IPv{} address", aux_key_name(key), value,
                                   key == AuxKey::client_ipv4 ? 4 : 6);
            return "";
        }
    }
    return "";
}

// One aux field, `key=value`, at `column` of the address token.
void split_aux(std::string_view field, std::uint32_t column, const Dialect& dialect,
               const AddressReport& report, std::vector<AuxToken>& out) {
    AuxToken aux;
    aux.column = column;
    aux.length = u32(field.size());
    // One pass, without a branch, counts the '=' signs and gathers the byte classes ('=' is no
    // refused byte, so the classes of the whole field are those of its key and value together).
    std::uint8_t classes = 0;
    std::size_t equals = 0;
    for (char c : field) {
        const std::uint8_t byte_class = kAuxByteClass[static_cast<unsigned char>(c)];
        classes |= byte_class;
        equals += byte_class / kAuxEquals;
    }
    const auto eq = equals == 1 ? field.find('=') : std::string_view::npos;
    if (eq == std::string_view::npos) {
        report(Code::aux_syntax, column, aux.length,
               field.empty() ? std::string("empty aux field (a stray ',')")
                             : fmt::format("aux field '{}' is not key=value", field));
        out.push_back(aux);
        return;
    }
    aux.key = field.substr(0, eq);
    aux.value = field.substr(eq + 1);
    bool valid = true;
    if (!aux_classes_allowed(classes, dialect.aux_allows_colon)) {
        report(Code::aux_charset, column, aux.length,
               fmt::format("aux field '{}' contains a character {} forbids", field, dialect.name));
        valid = false;
    }
    const auto key = aux_key_from_name(aux.key);
    bool known = false;
    for (AuxKey k : dialect.aux_keys) known = known || (key && *key == k);
    if (!known) {
        report(Code::aux_unknown_key, column, u32(aux.key.size()),
               fmt::format("aux key '{}' is unknown to {}", aux.key, dialect.name));
        valid = false;
    } else if (std::string problem = check_aux_value(*key, aux.value); !problem.empty()) {
        report(Code::aux_value, u32(column + eq + 1), u32(aux.value.size()), problem);
        valid = false;
    }
    aux.valid = valid;
    if (valid) aux.id = *key;
    out.push_back(aux);
}

// `ip:port[@cport]` (and whatever follows cport, which atoi ignores).
void split_ip_port(std::string_view text, std::uint32_t column, const Dialect& dialect,
                   const AddressReport& report, ParsedAddress& out) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        report(Code::address_no_colon, column, u32(text.size()),
               fmt::format("address '{}' has no ':' between ip and port", text));
        return;
    }
    out.ok = true;
    out.ip = text.substr(0, colon);
    if (out.ip.size() > kMaxIpLength)
        report(Code::ip_too_long, column, u32(out.ip.size()),
               fmt::format("ip is {} bytes, longer than 45: it overflows the server's buffer "
                           "(undefined behaviour: it may crash or start with a corrupted node)",
                           out.ip.size()));

    std::string_view port_text = text.substr(colon + 1);
    std::string_view cport_text;
    const std::uint32_t port_column = u32(column + colon + 1);
    const bool reads_cport = dialect.address_style != AddressStyle::ip_port;
    const auto at = port_text.find('@');
    if (reads_cport && at != std::string_view::npos) {
        cport_text = port_text.substr(at + 1);
        port_text = port_text.substr(0, at);
        out.cport_given = true;
    }

    // atoi stops at the first non-digit: what follows is silently ignored.
    auto read_port = [&](std::string_view part, std::uint32_t part_column, const char* what) {
        CNumber info;
        const int value = c_atoi(part, &info);
        if (!info.canonical) {
            std::size_t digits = 0;
            while (digits < part.size() && part[digits] >= '0' && part[digits] <= '9') ++digits;
            const std::string_view tail = part.substr(digits);
            if (digits > 0 && !tail.empty() && (tail[0] == '@' || tail[0] == ',')) {
                report(Code::address_tail_ignored, u32(part_column + digits), u32(tail.size()),
                       fmt::format("{} does not read '{}' after the {}; it is dropped on save",
                                   dialect.name, tail, what));
            } else {
                report(Code::port_junk, part_column, u32(part.size()),
                       fmt::format("{} '{}' is not a number; the server reads it as {}", what, part,
                                   value));
            }
        } else if (value > 65535) {
            report(Code::port_range, part_column, u32(part.size()),
                   fmt::format("{} {} is above 65535", what, value));
        }
        return value;
    };
    out.port = read_port(port_text, port_column, "port");
    if (out.cport_given)
        out.cport = read_port(cport_text, u32(port_column + at + 1), "cluster bus port");
    else
        out.cport = out.port + 10000;
    if (!out.cport_given && out.port + 10000 > 65535 && out.port <= 65535)
        report(Code::bus_port_range, port_column, u32(port_text.size()),
               fmt::format("port {} has no '@cport': its cluster bus port would be {}, above "
                           "65535",
                           out.port, out.port + 10000));
}

}  // namespace

void parse_address(std::string_view token, const Dialect& dialect, const AddressReport& report,
                   ParsedAddress& out) {
    std::vector<AuxToken> aux = std::move(out.aux);
    aux.clear();
    out = ParsedAddress{};
    out.aux = std::move(aux);
    switch (dialect.address_style) {
        case AddressStyle::ip_port:
        case AddressStyle::ip_port_cport:
            split_ip_port(token, 0, dialect, report, out);
            break;
        case AddressStyle::hostname:
        case AddressStyle::aux: {
            const auto comma = token.find(',');
            split_ip_port(token.substr(0, comma), 0, dialect, report, out);
            if (comma != std::string_view::npos)
                split_address_tail(token, comma + 1, dialect, report, out);
            break;
        }
    }
}

void split_address_tail(std::string_view token, std::size_t start, const Dialect& dialect,
                        const AddressReport& report, ParsedAddress& out) {
    out.hostname = {};
    out.aux.clear();
    if (dialect.address_style == AddressStyle::hostname) {
        out.hostname = token.substr(start);
        if (out.hostname.find('=') != std::string_view::npos ||
            out.hostname.find(',') != std::string_view::npos)
            report(Code::hostname_aux_tail, u32(start), u32(out.hostname.size()),
                   fmt::format("{} takes all of '{}' as the hostname (aux fields are 7.2+); it "
                               "is kept as a hostname",
                               dialect.name, out.hostname));
        return;
    }
    if (dialect.address_style != AddressStyle::aux) return;
    for (bool hostname = true;; hostname = false) {
        const auto comma = token.find(',', start);
        const std::string_view field = token.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (hostname)
            out.hostname = field;
        else
            split_aux(field, u32(start), dialect, report, out.aux);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
}

}  // namespace nodesconf::detail

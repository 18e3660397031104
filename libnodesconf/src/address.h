// The address token (field 1), split as the dialect's loader splits it (format.md §1.4).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byte_marks.h"
#include "c_numbers.h"
#include "nodesconf/dialect.h"
#include "nodesconf/finding.h"

namespace nodesconf::detail {

struct AuxToken {
    std::string_view key, value;
    std::uint32_t column = 0;  // 0-based offset of the field inside the address token
    std::uint32_t length = 0;
    bool valid = false;            // passed syntax, charset, key and value checks
    AuxKey id = AuxKey::shard_id;  // which key, where valid
};

struct ParsedAddress {
    bool ok = false;  // false: fmterr (no ':')
    std::string_view ip;
    int port = 0;
    int cport = 0;
    bool cport_given = false;
    std::string_view hostname;
    std::vector<AuxToken> aux;
};

// The caller's report(code, column, length, message), column a 0-based offset inside the token;
// a plain reference, so that reading an address builds no std::function.
class AddressReport {
  public:
    template <typename Report>
    AddressReport(Report& report)  // NOLINT: implicit, like a function_ref
        : context_(&report),
          call_([](void* context, Code code, std::uint32_t column, std::uint32_t length,
                   std::string message) {
              (*static_cast<Report*>(context))(code, column, length, std::move(message));
          }) {}
    void operator()(Code code, std::uint32_t column, std::uint32_t length,
                    std::string message) const {
        call_(context_, code, column, length, std::move(message));
    }

  private:
    void* context_;
    void (*call_)(void*, Code, std::uint32_t, std::uint32_t, std::string);
};

// Splits `token` into `out`, which it resets; the aux list keeps its room from one call to the
// next, so a loader that passes the same `out` for every line allocates for the first only.
void parse_address(std::string_view token, const Dialect& dialect, const AddressReport& report,
                   ParsedAddress& out);

// What parse_address() makes of the fields after the address's first comma, which starts at
// `start` - 1, in the dialects that read them: 7.0 takes the rest as the hostname, 7.2+ the
// next field, then aux fields. Sets out.hostname and out.aux only.
void split_address_tail(std::string_view token, std::size_t start, const Dialect& dialect,
                        const AddressReport& report, ParsedAddress& out);

// The usual address, as every server writes it: `ip:port@cport` (`ip:port` for 3.2), plain
// ports in range, then nothing, or a comma and the fields that split_address_tail() reads
// (7.0+). parse_address() splits the same head the same way and has nothing to report on it.
// This is the loader's fast path, inline: a call that takes the token as a string_view spills
// and reloads it, which stalls longer than the split itself takes.
struct UsualAddress {
    std::size_t length = 0;  // the head's bytes: up to the first comma, or the whole token
    std::size_t ip_length = 0;
    int port = 0, cport = 0;
    bool cport_given = false;
    bool has_at = false;  // an '@' anywhere in the head, for DialectEvidence
};

// The `n` bytes at `p`, with 40 readable, read as `style` reads them: false unless their head
// (the bytes up to the first comma where the style splits there, else all) is a usual address
// of at most 32 bytes.
[[gnu::always_inline]] inline bool split_usual_address(const char* p, std::size_t n,
                                                       std::size_t readable, AddressStyle style,
                                                       UsualAddress& out) {
    if (n == 0 || readable < kMarkedBytes + 8) return false;
    const ByteMarks32 marks(p);
    const std::uint32_t commas = marks.of(',') & first_bits(std::min(n, kMarkedBytes));
    const bool comma_ends_head = style == AddressStyle::hostname || style == AddressStyle::aux;
    const std::size_t head =
        comma_ends_head && commas != 0 ? static_cast<unsigned>(__builtin_ctz(commas)) : n;
    if (head > kMarkedBytes || (!comma_ends_head && commas != 0)) return false;
    const bool reads_cport = style != AddressStyle::ip_port;
    const std::uint32_t in_token = first_bits(head);
    const std::uint32_t colons = marks.of(':') & in_token;
    if (colons == 0) return false;
    const auto colon = static_cast<unsigned>(31 - __builtin_clz(colons));  // rfind(':')
    // The first '@' after the last ':' ends the port, where the dialect reads a cport.
    const std::uint32_t all_ats = marks.of('@') & in_token;
    const std::uint32_t ats = all_ats & ~first_bits(colon + 1);
    if (ats != 0 && !reads_cport) return false;
    const std::size_t port_end = ats != 0 ? static_cast<unsigned>(__builtin_ctz(ats)) : head;

    auto read_port = [p](std::size_t begin, std::size_t end, int& port) {
        std::uint64_t value = 0;
        if (end - begin - 1 >= 5 || !read_eight_digits(p + begin, end - begin, value) ||
            value > 65535)
            return false;
        port = static_cast<int>(value);
        return true;
    };
    if (!read_port(colon + 1, port_end, out.port)) return false;
    if (ats != 0) {
        if (!read_port(port_end + 1, head, out.cport)) return false;
    } else {
        out.cport = out.port + 10000;
        if (out.cport > 65535) return false;  // parse_address() reports the bus port
    }
    out.length = head;
    out.ip_length = colon;
    out.cport_given = ats != 0;
    out.has_at = all_ats != 0;
    return true;
}

}  // namespace nodesconf::detail

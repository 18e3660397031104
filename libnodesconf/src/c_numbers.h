// The C library conversions the server uses on fields, reproduced exactly (glibc, LP64), so that
// nodesconf sees the same number the server does for any text — junk included.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include "nodesconf/tokenizer.h"

namespace nodesconf::detail {

struct CNumber {
    // true when the text is plain digits (what the writer prints back, leading zeros aside):
    // anything else is "junk" the server reads silently.
    bool canonical = false;
    bool overflow = false;
};

// What strto* see: leading isspace(), an optional sign, then decimal digits.
struct ScannedDigits {
    bool negative = false;
    std::uint64_t magnitude = 0;  // valid when !info.overflow
    CNumber info;
};

inline ScannedDigits scan_digits(std::string_view text) {
    ScannedDigits out;
    // The usual field: 1 to 19 plain digits, which cannot overflow 64 bits. (A byte loop: an
    // eight-byte load of a shorter field would stall on the copy that pads it.)
    if (!text.empty() && text.size() <= 19) {
        std::uint64_t value = 0;
        bool digits = true;
        for (char c : text) {
            digits &= static_cast<unsigned>(c - '0') < 10;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (digits) {
            out.magnitude = value;
            out.info.canonical = true;
            return out;
        }
    }
    std::size_t i = 0;
    while (i < text.size() && is_c_space(text[i])) ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) out.negative = text[i++] == '-';
    const std::size_t digits_begin = i;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const unsigned digit = static_cast<unsigned>(text[i] - '0');
        if (out.magnitude > (kMax - digit) / 10) out.info.overflow = true;
        if (!out.info.overflow) out.magnitude = out.magnitude * 10 + digit;
    }
    out.info.canonical = digits_begin == 0 && i == text.size() && i > 0;
    return out;
}

// Eight bytes at `p`, the first in the low byte (8 bytes from `p` must be readable).
inline std::uint64_t load_eight_bytes(const char* p) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
}

// How many of the word's bytes, from the first, are digits (0 to 8).
inline unsigned leading_digit_count(std::uint64_t word) {
    const std::uint64_t offsets = word ^ 0x3030303030303030ULL;  // a digit's byte becomes 0-9
    // The top bit of a byte is set where it is not a digit: already set, or set by adding 0x76 to
    // a value of 10 or more. A carry only goes up, into bytes after the first non-digit.
    const std::uint64_t not_digit =
        ((offsets + 0x7676767676767676ULL) | offsets) & 0x8080808080808080ULL;
    return not_digit ? static_cast<unsigned>(__builtin_ctzll(not_digit)) / 8 : 8;
}

// The value of the first `length` (1 to 8) bytes of `word`, all digits.
inline std::uint64_t leading_digits_value(std::uint64_t word, std::size_t length) {
    // The digits to the top of the word as their values, zeros below: "0001234" as eight digits.
    // The shift drops the bytes past them, so they need no mask of their own.
    const std::uint64_t digits = (word ^ 0x3030303030303030ULL) << (8 * (8 - length));
    // Pairs, then the eight digits (byte i is the i-th digit from the left).
    const std::uint64_t pairs = digits * 10 + (digits >> 8);
    return ((pairs & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32)) +
            ((pairs >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32))) >>
           32;
}

// `length` (1 to 8) plain digits at `p` read with one 8-byte load (8 bytes from `p` must be
// readable): the fields of a line vary in length, and a digit loop mispredicts its exit on most of
// them. False when a byte is not a digit.
inline bool read_eight_digits(const char* p, std::size_t length, std::uint64_t& value) {
    const std::uint64_t word = load_eight_bytes(p);
    if (leading_digit_count(word) < length) return false;
    value = leading_digits_value(word, length);
    return true;
}

// 1 to 16 plain digits read with two 8-byte loads (16 bytes from text.data() must be readable).
inline bool read_sixteen_digits(std::string_view text, std::uint64_t& value) {
    const std::size_t n = text.size();
    if (n - 1 >= 16) return false;
    if (n <= 8) return read_eight_digits(text.data(), n, value);
    std::uint64_t high, low;
    if (!read_eight_digits(text.data(), n - 8, high) ||
        !read_eight_digits(text.data() + n - 8, 8, low))
        return false;
    value = high * 100000000 + low;
    return true;
}

// strtol/strtoll: the magnitude clamped to the signed range.
template <typename Signed>
Signed clamp_signed(const ScannedDigits& d) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<Signed>::max());
    if (d.info.overflow || d.magnitude > kMax + (d.negative ? 1 : 0))
        return d.negative ? std::numeric_limits<Signed>::min() : std::numeric_limits<Signed>::max();
    return d.negative ? static_cast<Signed>(0 - d.magnitude) : static_cast<Signed>(d.magnitude);
}

// atoi: strtol(text, NULL, 10) truncated to int, as on LP64 (so 4294967301 reads as 5).
inline int c_atoi(std::string_view text, CNumber* info = nullptr) {
    const ScannedDigits d = scan_digits(text);
    if (info) *info = d.info;
    return static_cast<int>(
        static_cast<std::uint32_t>(static_cast<std::uint64_t>(clamp_signed<long>(d))));
}

// strtoull(text, NULL, 10): a leading '-' negates in unsigned arithmetic; overflow gives max.
inline std::uint64_t c_strtoull(std::string_view text, CNumber* info = nullptr) {
    const ScannedDigits d = scan_digits(text);
    if (info) *info = d.info;
    if (d.info.overflow) return std::numeric_limits<std::uint64_t>::max();
    return d.negative ? 0 - d.magnitude : d.magnitude;
}

// strtoll(text, NULL, 10), clamped.
inline std::int64_t c_strtoll(std::string_view text) {
    return clamp_signed<std::int64_t>(scan_digits(text));
}

}  // namespace nodesconf::detail

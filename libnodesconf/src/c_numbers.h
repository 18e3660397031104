// The C library conversions the server uses on fields, reproduced exactly (glibc, LP64), so that
// nodesconf sees the same number the server does for any text — junk included.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "nodesconf/tokenizer.h"

namespace nodesconf::detail {

struct CNumber {
    // true when the text is exactly what the writer would print back (digits only, and for
    // values other than 0 without leading zeros mattering): anything else is "junk" the server
    // reads silently.
    bool canonical = false;
    bool overflow = false;
};

// strtol(text, NULL, 10) clamped to long, then truncated to int as atoi() does on LP64.
inline int c_atoi(std::string_view text, CNumber* info = nullptr) {
    std::size_t i = 0;
    while (i < text.size() && is_c_space(text[i])) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const std::size_t digits_begin = i;
    std::uint64_t magnitude = 0;
    bool overflow = false;
    constexpr std::uint64_t kLongMax = static_cast<std::uint64_t>(std::numeric_limits<long>::max());
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const unsigned digit = static_cast<unsigned>(text[i] - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
        if (!overflow) magnitude = magnitude * 10 + digit;
    }
    long value;
    if (overflow || magnitude > kLongMax + (negative ? 1 : 0))
        value = negative ? std::numeric_limits<long>::min() : std::numeric_limits<long>::max();
    else
        value = negative ? static_cast<long>(0 - magnitude) : static_cast<long>(magnitude);
    if (info) {
        info->canonical = digits_begin == 0 && i == text.size() && i > 0;
        info->overflow = overflow;
    }
    return static_cast<int>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(value)));
}

// strtoull(text, NULL, 10): a leading '-' negates in unsigned arithmetic; overflow gives max.
inline std::uint64_t c_strtoull(std::string_view text, CNumber* info = nullptr) {
    std::size_t i = 0;
    while (i < text.size() && is_c_space(text[i])) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const std::size_t digits_begin = i;
    std::uint64_t value = 0;
    bool overflow = false;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const unsigned digit = static_cast<unsigned>(text[i] - '0');
        if (value > (kMax - digit) / 10) overflow = true;
        if (!overflow) value = value * 10 + digit;
    }
    if (info) {
        info->canonical = digits_begin == 0 && i == text.size() && i > 0;
        info->overflow = overflow;
    }
    if (overflow) return kMax;
    return negative ? 0 - value : value;
}

// strtoll(text, NULL, 10), clamped.
inline std::int64_t c_strtoll(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_c_space(text[i])) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    std::uint64_t magnitude = 0;
    bool overflow = false;
    constexpr std::uint64_t kMax =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const unsigned digit = static_cast<unsigned>(text[i] - '0');
        if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
        if (!overflow) magnitude = magnitude * 10 + digit;
    }
    if (overflow || magnitude > kMax + (negative ? 1 : 0))
        return negative ? std::numeric_limits<std::int64_t>::min()
                        : std::numeric_limits<std::int64_t>::max();
    return negative ? static_cast<std::int64_t>(0 - magnitude)
                    : static_cast<std::int64_t>(magnitude);
}

}  // namespace nodesconf::detail

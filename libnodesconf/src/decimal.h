// Integers appended to a string in decimal: no format string parsed and no string built per
// number (the writer appends 16,384 of them for a file of single slots).
#pragma once

#include <string>

#include <fmt/format.h>

namespace nodesconf::detail {

template <typename Integer>
void append_decimal(std::string& out, Integer value) {
    const fmt::format_int digits(value);
    out.append(digits.data(), digits.size());
}

}  // namespace nodesconf::detail

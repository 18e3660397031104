// The address token (field 1), split as the dialect's loader splits it (format.md §1.4).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "nodesconf/dialect.h"
#include "nodesconf/finding.h"

namespace nodesconf::detail {

struct AuxToken {
    std::string_view key, value;
    std::uint32_t column = 0;  // 0-based offset of the field inside the address token
    std::uint32_t length = 0;
    bool valid = false;  // passed syntax, charset, key and value checks
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

// column: 0-based offset inside the token.
using AddressReport =
    std::function<void(Code, std::uint32_t column, std::uint32_t length, std::string message)>;

ParsedAddress parse_address(std::string_view token, const Dialect& dialect,
                            const AddressReport& report);

}  // namespace nodesconf::detail

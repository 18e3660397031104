// The address token (field 1), split as the dialect's loader splits it (format.md §1.4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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

ParsedAddress parse_address(std::string_view token, const Dialect& dialect,
                            const AddressReport& report);

}  // namespace nodesconf::detail

// A unified diff of two texts, line by line, for --dry-run.
#pragma once

#include <string>
#include <string_view>

namespace nodesconf {

std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_name, std::string_view after_name);

}  // namespace nodesconf

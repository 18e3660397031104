// Rules over a loaded Config that the server never checks but a healthy cluster needs
// (format.md §6, §7 "WARN (cluster-level)"). Each rule emits findings with a stable code.
#pragma once

#include <vector>

#include "nodesconf/dialect.h"
#include "nodesconf/finding.h"
#include "nodesconf/model.h"

namespace nodesconf {

void check_config(const Config& config, const Dialect& dialect, std::vector<Finding>& out);

}  // namespace nodesconf

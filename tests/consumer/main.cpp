// Loads a nodes.conf with the installed library and prints what a server would make of it.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nodesconf/analyze.h>
#include <nodesconf/write.h>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    std::ifstream in(argv[1]);
    std::stringstream text;
    text << in.rdbuf();
    const auto dialect = nodesconf::resolve_target("auto", text.str());
    const auto analysis = nodesconf::analyze(text.str(), *dialect);
    std::cout << dialect->name << " " << analysis.result.config.nodes.size() << " nodes "
              << (analysis.result.has_errors() ? "invalid" : "valid") << "\n";
    return analysis.result.has_errors() ? 1 : 0;
}

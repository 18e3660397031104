// nodesconf-gen KIND [OUT] | kinds | dir N DIR | nodes N: the benchmark files, deterministically.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "generate.h"

int main(int argc, char** argv) {
    using namespace nodesconf::bench;
    if (argc >= 4 && std::string(argv[1]) == "dir") {
        const int count = std::stoi(argv[2]);
        std::filesystem::create_directories(argv[3]);
        for (int i = 0; i < count; ++i)
            std::ofstream(std::string(argv[3]) + "/nodes-" + std::to_string(i) + ".conf")
                << small_file(static_cast<unsigned>(i));
        return 0;
    }
    if (argc >= 3 && std::string(argv[1]) == "nodes") {  // the growth series' cluster of N
        const std::string text = cluster_of(std::stoi(argv[2]), 1);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    if (argc == 2 && std::string(argv[1]) == "kinds") {
        for (std::string_view kind : generated_kinds())
            std::printf("%.*s\n", static_cast<int>(kind.size()), kind.data());
        return 0;
    }
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: nodesconf-gen KIND [OUT]  (KIND: contiguous single open fanout longline "
            "shuffled aux)\n"
            "       nodesconf-gen kinds   (the kinds, one a line)\n"
            "       nodesconf-gen dir COUNT DIR\n"
            "       nodesconf-gen nodes N   (N nodes, half masters, as in the growth series)\n");
        return 2;
    }
    const std::string text = generate(argv[1]);
    if (text.empty()) {
        std::fprintf(stderr, "unknown kind %s\n", argv[1]);
        return 2;
    }
    if (argc >= 3)
        std::ofstream(argv[2], std::ios::binary) << text;
    else
        std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

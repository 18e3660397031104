#include "nodesconf/edit_session.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "nodesconf/analyze.h"
#include "nodesconf/write.h"

namespace nodesconf {

namespace {

struct Prepared {
    std::unique_ptr<LockedFile> file;
    Dialect dialect;
    Config config;
    std::string before, after;
    std::vector<std::string> messages;
    bool changed = false;
};

EditReport refuse(EditReport::Outcome outcome, std::string error) {
    EditReport report;
    report.outcome = outcome;
    report.error = std::move(error);
    return report;
}

}  // namespace

EditReport edit_files(const std::vector<std::string>& paths, const WriteOptions& options,
                      const EditFunction& edit, Syscalls& sys, const PlanFunction& plan) {
    if (options.backup && !options.backup->empty() && paths.size() > 1)
        return refuse(EditReport::failed,
                      "--backup=PATH names one file; with several files use --backup");

    // 1. Lock and load every file before changing any.
    std::vector<Prepared> prepared;
    for (std::size_t index = 0; index < paths.size(); ++index) {
        const std::string& path = paths[index];
        LockedFile::Failure failure;
        auto file = LockedFile::open(path, {true, options.wait_seconds}, failure, sys);
        if (!file) {
            if (failure.kind == LockedFile::Failure::busy)
                return refuse(EditReport::busy,
                              fmt::format("{}: in use, not changed: {}", path, failure.message()));
            return refuse(EditReport::failed, failure.error.message());
        }
        auto analyzed = analyze(file->bytes(), options.target);
        if (!analyzed)
            return refuse(EditReport::failed,
                          fmt::format("{}: unknown target '{}'", path, options.target));
        Analysis& analysis = *analyzed;
        const Dialect* dialect = &analysis.dialect;
        if (analysis.result.empty_file)
            return refuse(EditReport::refused,
                          fmt::format("{}: the file is empty; there is nothing to edit", path));
        const bool blocking =
            std::any_of(analysis.result.findings.begin(), analysis.result.findings.end(),
                        [&](const Finding& f) {
                            return f.severity == Severity::error &&
                                   std::find(options.repairable.begin(), options.repairable.end(),
                                             f.code) == options.repairable.end();
                        });
        if (blocking) {
            EditReport report = refuse(
                EditReport::refused,
                fmt::format("{}: {} would not load this file, so nodesconf will not edit it; "
                            "fix the errors first",
                            path, dialect->name));
            report.findings_path = path;
            report.findings_bytes = file->bytes();
            report.findings = std::move(analysis.result.findings);
            return report;
        }
        const Config& config = analysis.result.config;
        if (!options.force) {
            const std::int32_t me = config.myself();
            if (me != kNoNode && config.nodes[me].port > 0) {
                if (auto listener = port_listener(config.nodes[me].port))
                    return refuse(
                        EditReport::busy,
                        fmt::format("{}: in use, not changed: {}, the port of this file's "
                                    "myself node: is the node running? (--force skips this "
                                    "check)",
                                    path, listener->describe()));
            }
        }
        Prepared p{std::move(file), *dialect, std::move(analysis.result.config), {}, {}, {}, false};
        p.before = p.file->bytes();
        prepared.push_back(std::move(p));
    }

    // 2. A plan over all files, then each file's edit; never write what the target would refuse.
    if (plan) {
        std::vector<const Config*> configs;
        for (const Prepared& p : prepared) configs.push_back(&p.config);
        if (auto refusal = plan(configs)) return refuse(EditReport::refused, *refusal);
    }
    for (std::size_t index = 0; index < prepared.size(); ++index) {
        Prepared& p = prepared[index];
        const std::string& path = paths[index];
        const std::string normalized = write_config(p.config, p.dialect);
        EditOutcome outcome = edit(p.config, p.dialect, index);
        if (outcome.refusal)
            return refuse(EditReport::refused, fmt::format("{}: {}", path, *outcome.refusal));
        p.messages = std::move(outcome.messages);
        p.after = write_config(p.config, p.dialect);
        p.changed = p.after != normalized;
        if (p.changed) {
            Analysis result = analyze(p.after, p.dialect);
            if (result.result.has_errors()) {
                EditReport report = refuse(
                    EditReport::refused,
                    fmt::format("{}: refused: {} would not load the result", path, p.dialect.name));
                report.findings_path = path + " (result)";
                report.findings_bytes = p.after;
                report.findings = std::move(result.result.findings);
                return report;
            }
        }
    }

    // 3. Write (or describe) each changed file.
    EditReport report;
    for (Prepared& p : prepared) {
        FileReport file;
        file.path = p.file->path();
        file.target = p.dialect.name;
        file.messages = std::move(p.messages);
        file.recovery = p.file->recovery();
        file.before = p.before;
        file.after = p.after;
        if (!p.changed) {
            file.status = FileReport::unchanged;
        } else if (options.dry_run) {
            file.status = FileReport::would_write;
        } else {
            if (options.backup) {
                const std::string target =
                    options.backup->empty() ? file.path + ".bak" : *options.backup;
                if (auto error = p.file->write_backup(target)) {
                    report.outcome = EditReport::failed;
                    report.error = error->message();
                    return report;
                }
            }
            auto error =
                options.replace ? p.file->replace(p.after) : p.file->rewrite_in_place(p.after);
            if (error) {
                report.outcome = EditReport::failed;
                report.error = error->message();
                return report;
            }
            file.status = FileReport::written;
        }
        report.files.push_back(std::move(file));
    }
    return report;
}

}  // namespace nodesconf

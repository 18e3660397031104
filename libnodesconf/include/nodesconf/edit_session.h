// The one write path every editing command shares (issue #3): lock every file, check nobody runs
// on it, load it as the target loads it, apply the edit, check the result would load, and only
// then write — in place (default) or by rename (--replace), with an optional backup.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nodesconf/dialect.h"
#include "nodesconf/file_io.h"
#include "nodesconf/finding.h"
#include "nodesconf/model.h"

namespace nodesconf {

struct WriteOptions {
    std::string target = "auto";
    bool dry_run = false;
    bool replace = false;               // the 7.2+ way: temp file + rename
    std::optional<std::string> backup;  // write the old bytes here first
    double wait_seconds = 0;            // for a lock held by another nodesconf
    bool force = false;                 // skip the "a process listens on myself's port" check
    // Errors the edit exists to repair (fix-shard-ids: shard-id-mismatch): a file with only these
    // errors may be edited; the result must still be free of every error.
    std::vector<Code> repairable;
};

struct EditOutcome {
    std::optional<std::string> refusal;  // the edit cannot be made: why, and what to do instead
    std::vector<std::string> messages;   // what it did ("BUMPED 7")
};
// Called once per file, in the order given, on the loaded model.
using EditFunction =
    std::function<EditOutcome(Config& config, const Dialect& dialect, std::size_t file)>;
// Called once with every file loaded, before the first edit: for edits that must agree across
// the files of one cluster (a refusal here stops everything).
using PlanFunction =
    std::function<std::optional<std::string>(const std::vector<const Config*>& configs)>;

struct FileReport {
    std::string path;
    std::string target;  // the dialect's release name
    enum Status { unchanged, written, would_write } status = unchanged;
    std::vector<std::string> messages;
    std::optional<std::string> recovery;  // an interrupted rewrite completed when it was opened
    std::string before, after;
};

struct EditReport {
    // done: every file unchanged or written; refused / busy: the answer is no (exit 1), nothing
    // written; failed: I/O trouble (exit 2), files before `files.size()` were written.
    enum Outcome { done, refused, busy, failed } outcome = done;
    std::string error;              // "nodes.conf: ..."
    std::string findings_path;      // the file the findings are about, if any
    std::string findings_bytes;     // its bytes (the input, or the refused result)
    std::vector<Finding> findings;  // why a file or a result would not load
    std::vector<FileReport> files;
};

EditReport edit_files(const std::vector<std::string>& paths, const WriteOptions& options,
                      const EditFunction& edit, Syscalls& sys = real_syscalls(),
                      const PlanFunction& plan = {});

}  // namespace nodesconf

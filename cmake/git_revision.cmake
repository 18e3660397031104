# Writes OUT with the source tree's git revision, at build time (not configure time, which would
# leave --version naming an older commit after a pull and an incremental build). The file is
# rewritten only when the revision changes, so an unchanged tree recompiles nothing.
#   cmake -DSOURCE_DIR=... -DOUT=... -P git_revision.cmake
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE revision
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR NOT revision)
  set(revision "unknown")
else()
  execute_process(COMMAND git diff --quiet HEAD --
    WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty)
    string(APPEND revision "-dirty")
  endif()
endif()
set(content "#pragma once\n#define NODESCONF_GIT_REVISION \"${revision}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} previous)
endif()
if(NOT previous STREQUAL content)
  file(WRITE ${OUT} "${content}")
endif()

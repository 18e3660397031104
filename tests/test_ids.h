// Node and shard ids the unit tests share: the ids of the captured cluster's nodes 7000-7003
// (testdata/redis-7.0.15), so inputs read like the real files.
#pragma once

#include <string>

namespace nodesconf::test_ids {

inline const std::string A = "6a3a879d013b1a9093ae811390b2618594e450d6";   // 7000
inline const std::string B = "6b8f94403108d991a6f2f17966842c4f67ca9ea1";   // 7001
inline const std::string C = "d26c6faae867cb5300513f31153a99792645f555";   // 7002
inline const std::string R = "685beaa9111dc9aabe8a12ba438997c573c4c02f";   // 7003, a replica
inline const std::string S1 = "5213e3365a77ee664e78e31542e8d4ef329c63bc";  // shard ids
inline const std::string S2 = "d2a7384818480c8f8f206bc5827a31fd40ed4402";

}  // namespace nodesconf::test_ids

#include <cctype>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "nodesconf/dialect.h"

using namespace nodesconf;

TEST(Dialect, FamilyMeansItsNewestRelease) {
    EXPECT_EQ(find_dialect("redis-7.0")->name, "redis-7.0.15");
    EXPECT_EQ(find_dialect("redis-6.0")->name, "redis-6.0.20");
    EXPECT_EQ(find_dialect("valkey-8.0")->name, "valkey-8.0.1");
}

TEST(Dialect, ReleaseRulesChangeInsideAFamily) {
    EXPECT_FALSE(find_dialect("redis-6.0.5")->writes_master_epoch_for_replicas);
    EXPECT_TRUE(find_dialect("redis-6.0.6")->writes_master_epoch_for_replicas);
    EXPECT_FALSE(find_dialect("redis-7.0.2")->ignores_replica_epoch_on_load);
    EXPECT_TRUE(find_dialect("redis-7.0.3")->ignores_replica_epoch_on_load);
    EXPECT_FALSE(find_dialect("redis-5.0.5")->checks_vars_pairs);
    EXPECT_TRUE(find_dialect("redis-5.0.6")->checks_vars_pairs);
}

TEST(Dialect, UnknownNamesAreRefused) {
    EXPECT_FALSE(find_dialect("redis-9.9"));
    EXPECT_FALSE(find_dialect("redis-7.0.x"));
    EXPECT_FALSE(find_dialect("redis-7.0."));
    EXPECT_FALSE(find_dialect("auto"));
}

TEST(Dialect, AutoDetectsTheWriterFromTheAddressFormat) {
    const std::string id = "6a3a879d013b1a9093ae811390b2618594e450d6";
    auto line = [&](std::string address) {
        return id + " " + address + " myself,master - 0 0 0 connected\n";
    };
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000")).family, "redis-3.2");
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000")).family, "redis-7.0");
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000,host")).family, "redis-7.0");
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000,,tls-port=0")).family, "redis-7.4");
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000,,client-ipv4=1.2.3.4,tls-port=0")).family,
              "valkey-8.0");
    EXPECT_EQ(detect_dialect("").family, "redis-7.0");
    // "client-ipv" anywhere after the first comma names Valkey, even where no key is.
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000,client-ipv4=1")).family, "valkey-8.0");
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000,v,nodename=vclient-ipvv")).family,
              "valkey-8.0");
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000@17000,v,nodename=lient-ipv,x=client-ip")).family,
              "redis-7.4");
    // One line with @cport makes the file 7.0-style even if another line lacks it.
    EXPECT_EQ(detect_dialect(line("1.2.3.4:7000") + line("1.2.3.4:7001@17001")).family,
              "redis-7.0");
    // The newest writer any line names wins, in either order (and a line of an older writer
    // after a newer one changes nothing).
    const std::string plain = line("1.2.3.4:7000"), host = line("1.2.3.4:7000@17000,host"),
                      aux = line("1.2.3.4:7000@17000,,tls-port=0"),
                      valkey = line("1.2.3.4:7000@17000,,client-ipv6=::1");
    for (const auto& [first, second, family] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {aux, valkey, "valkey-8.0"},
             {valkey, aux, "valkey-8.0"},
             {valkey, valkey, "valkey-8.0"},
             {host, aux, "redis-7.4"},
             {aux, host, "redis-7.4"},
             {aux, plain, "redis-7.4"},
             {plain, host, "redis-7.0"},
             {plain, plain, "redis-3.2"}})
        EXPECT_EQ(detect_dialect(first + second).family, family) << first << second;
}

// The loader looks aux keys up by fixed-size compares; each must find the key whose name it is,
// and nothing else may match (a prefix, a longer name, another case).
TEST(Dialect, AuxKeyNamesMapBothWays) {
    const Dialect valkey = *find_dialect("valkey-8.0");
    ASSERT_EQ(valkey.aux_keys.size(), 6u);
    for (AuxKey key : valkey.aux_keys) {
        const std::string name(aux_key_name(key));
        EXPECT_EQ(aux_key_from_name(name), key) << name;
        EXPECT_FALSE(aux_key_from_name(name.substr(0, name.size() - 1))) << name;
        EXPECT_FALSE(aux_key_from_name(name + "x")) << name;
        std::string upper = name;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        EXPECT_FALSE(aux_key_from_name(upper)) << name;
    }
    EXPECT_FALSE(aux_key_from_name(""));
    EXPECT_FALSE(aux_key_from_name("hostname"));
}

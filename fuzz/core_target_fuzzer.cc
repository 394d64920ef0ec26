// End to end: a real core with patches from the fuzzer, opened with its
// binary through Target::Open, then every goroutine and the whole heap read
// from it. The core itself is tens of MB, too large to be the fuzz input,
// so the input is a list of patches (page, offset, bytes) applied to the
// pages of the core that hold data (headers, notes, runtime globals, heap
// metadata, stacks) and taken back after the run.
//
// GF_FUZZ_CORE and GF_FUZZ_EXE name the core and its binary.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz/memory_file.h"
#include "gruntime/goroutine_reader.h"
#include "gruntime/heap_reader.h"
#include "gruntime/target.h"
#include "readers/read_error.h"

namespace {

constexpr size_t kPage = 4096;

struct Original {
  std::vector<uint8_t> core;
  std::vector<uint64_t> data_pages;  // offsets of the pages that are not all zero
  std::string exe;
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) {
    std::fprintf(stderr, "core_target_fuzzer: set %s (scripts/fuzz.sh does)\n", name);
    std::exit(2);
  }
  return v;
}

const Original& LoadOriginal() {
  static const Original* original = [] {
    auto* o = new Original;
    std::ifstream in(Env("GF_FUZZ_CORE"), std::ios::binary | std::ios::ate);
    o->core.resize(static_cast<size_t>(in.tellg()));
    in.seekg(0).read(reinterpret_cast<char*>(o->core.data()), static_cast<std::streamsize>(o->core.size()));
    o->exe = Env("GF_FUZZ_EXE");
    for (uint64_t off = 0; off < o->core.size(); off += kPage) {
      uint64_t end = std::min<uint64_t>(off + kPage, o->core.size());
      for (uint64_t i = off; i < end; ++i)
        if (o->core[i]) {
          o->data_pages.push_back(off);
          break;
        }
    }
    if (o->data_pages.empty()) {
      std::fprintf(stderr, "core_target_fuzzer: the core is empty\n");
      std::exit(2);
    }
    return o;
  }();
  return *original;
}

struct Patch {
  uint64_t offset;
  std::vector<uint8_t> bytes;
};

// Input: repeated [page u16][offset u16][length u8][length bytes].
std::vector<Patch> DecodePatches(const Original& o, const uint8_t* data, size_t size) {
  std::vector<Patch> patches;
  size_t pos = 0;
  while (pos + 5 <= size) {
    uint64_t page = o.data_pages[(data[pos] | data[pos + 1] << 8) % o.data_pages.size()];
    uint64_t offset = page + (data[pos + 2] | data[pos + 3] << 8) % kPage;
    size_t length = std::min<size_t>(data[pos + 4], size - pos - 5);
    pos += 5;
    length = std::min<uint64_t>(length, o.core.size() - offset);
    patches.push_back({offset, std::vector<uint8_t>(data + pos, data + pos + length)});
    pos += length;
  }
  return patches;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Original& o = LoadOriginal();
  static gf::fuzz::MemoryFile file;
  static bool loaded = false;
  if (!loaded) {
    file.Assign(o.core.data(), o.core.size());
    loaded = true;
  }
  auto patches = DecodePatches(o, data, size);
  for (const auto& p : patches) file.Write(p.offset, p.bytes.data(), p.bytes.size());
  uint64_t sum = 0;
  try {
    auto target = gf::Target::Open(file.path(), o.exe);
    try {
      auto goroutines = gf::ReadGoroutines(*target);
      for (const auto& g : goroutines.goroutines) sum += g.frames.size();
    } catch (const gf::ReadError&) {
    } catch (const gf::MemoryFault&) {
    }
    auto heap = gf::ReadHeap(*target);
    sum += heap.totals.objects + heap.heap.object_count();
  } catch (const gf::ReadError&) {
  } catch (const gf::MemoryFault&) {  // the command line's other one-line error
  }
  for (const auto& p : patches) file.Write(p.offset, o.core.data() + p.offset, p.bytes.size());
  volatile uint64_t sink = sum;
  (void)sink;
  return 0;
}

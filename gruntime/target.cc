#include "gruntime/target.h"

#include <elf.h>

#include <filesystem>

#include "gruntime/core_build_id.h"
#include "readers/hex.h"
#include "readers/read_error.h"

namespace gf {
namespace {

// The executable is the file mapped at the program's entry point.
std::string ExecutableFromCore(const ElfCore& core) {
  auto exe = ExecutableOfCore(core);
  if (!exe)
    throw ReadError(core.path(), "does not name its executable (no NT_FILE mapping at the entry point); pass --exe BIN");
  if (!std::filesystem::exists(exe->path))
    throw ReadError(core.path(), "its executable " + exe->path + " no longer exists; pass --exe BIN");
  return exe->path;
}

}  // namespace

std::unique_ptr<Target> Target::Open(const std::string& core_path, const std::string& exe_path) {
  return Open(std::make_unique<ElfCore>(core_path), exe_path);
}

std::unique_ptr<Target> Target::Open(std::unique_ptr<ElfCore> core, const std::string& exe_path) {
  std::unique_ptr<Target> t(new Target());
  t->core_ = std::move(core);
  const std::string& core_path = t->core_->path();
  t->binary_ = std::make_unique<GoBinary>(exe_path.empty() ? ExecutableFromCore(*t->core_) : exe_path);
  const ElfImage& image = t->binary_->image();
  uint64_t entry = t->core_->auxv(AT_ENTRY);
  if (entry == 0) throw ReadError(core_path, "core has no aux vector entry point (AT_ENTRY)");
  t->bias_ = entry - image.entry();
  if (!image.is_pie() && t->bias_ != 0)
    throw ReadError(image.path(), "is not the binary of core " + core_path + " (its entry point " +
                                      Hex(image.entry()) + " is not the core's " + Hex(entry) + ")");
  t->memory_ = std::make_unique<AddressSpace>(*t->core_, image, t->bias_);
  t->CheckBuildId();
  t->symbolizer_ = std::make_unique<Symbolizer>(t->binary_->pclntab(), t->bias_);
  t->ReadGoVersion();
  t->ReadLayouts();
  if (t->core_->missing_bytes() > 0)
    t->warnings_.push_back("core is truncated: " + std::to_string(t->core_->missing_bytes()) +
                           " bytes of memory are missing");
  return t;
}

void Target::ReadGoVersion() {
  const ElfImage& image = binary_->image();
  if (!image.has_symbols() && !binary_->dwarf())
    throw ReadError(image.path(), "is stripped of both its symbol table and DWARF (-ldflags=-s): the runtime's "
                                  "globals cannot be found; use the unstripped binary of the same build");
  try {
    go_version_ = memory_->ReadGoString(Global("runtime.buildVersion"), 256);
  } catch (const MemoryFault&) {
    warnings_.push_back("runtime.buildVersion is not readable");
  }
}

// DWARF gives every layout; without it (-ldflags=-w) the layouts recorded for
// the binary's Go release stand in, and the output says so.
void Target::ReadLayouts() {
  const ElfImage& image = binary_->image();
  if (binary_->dwarf()) {
    layouts_ = RuntimeLayouts::FromDwarf(*binary_->dwarf(), image.path());
    return;
  }
  auto known = RuntimeLayouts::Known(go_version_);
  if (!known)
    throw ReadError(image.path(), "has no DWARF (built with -ldflags=-w) and goforensics has no recorded runtime "
                                  "layouts for " + (go_version_.empty() ? std::string("its Go version") : go_version_) +
                                  "; use the unstripped binary of the same build");
  layouts_ = *known;
  warnings_.push_back(image.path() + " has no DWARF: runtime layouts are those recorded for " + go_version_);
}

// The kernel dumps the first page of the executable's mapping, which holds
// the Go build ID note: compare it with the executable's.
void Target::CheckBuildId() {
  const ElfImage& image = binary_->image();
  const std::string& want = image.go_build_id();
  if (want.empty()) {
    warnings_.push_back(image.path() + " has no Go build ID; cannot check it matches the core");
    return;
  }
  auto got = memory_->CoreView(image.go_build_id_vaddr() + bias_, want.size());
  if (got.empty()) {
    warnings_.push_back("core does not hold the executable's build ID page; cannot check " + image.path() + " matches");
    return;
  }
  std::string have(reinterpret_cast<const char*>(got.data()), got.size());
  if (have != want)
    throw ReadError(image.path(), "is not the binary of core " + core_->path() + " (Go build ID " + want +
                                      ", core has " + have + ")");
}

uint64_t Target::Global(std::string_view name) const {
  auto a = MaybeGlobal(name);
  if (!a) throw ReadError(binary_->path(), "has no symbol " + std::string(name));
  return *a;
}

std::optional<uint64_t> Target::MaybeGlobal(std::string_view name) const {
  auto a = binary_->GlobalAddress(name);
  if (!a) return std::nullopt;
  return *a + bias_;
}

const CoreThread* Target::ThreadById(int64_t tid) const {
  for (const auto& t : core_->threads())
    if (t.tid == tid) return &t;
  return nullptr;
}

}  // namespace gf

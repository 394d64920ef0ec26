#pragma once
// A Go process as a core recorded it: the core, its executable (checked to
// be the same build), the memory view, symbolization and runtime layouts.
// Every analysis starts from a Target.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gruntime/address_space.h"
#include "gruntime/go_binary.h"
#include "gruntime/struct_layouts.h"
#include "gruntime/symbolizer.h"
#include "readers/elf_core.h"

namespace gf {

class Target {
 public:
  // exe_path empty: the executable the core's NT_FILE note names.
  // Throws ReadError with a one-line reason on any mismatch or bad input.
  static std::unique_ptr<Target> Open(const std::string& core_path, const std::string& exe_path);
  // The same over a core already opened (a decompressed one is not read twice).
  static std::unique_ptr<Target> Open(std::unique_ptr<ElfCore> core, const std::string& exe_path);

  const ElfCore& core() const { return *core_; }
  const GoBinary& binary() const { return *binary_; }
  const AddressSpace& memory() const { return *memory_; }
  const Symbolizer& symbolizer() const { return *symbolizer_; }
  const RuntimeLayouts& layouts() const { return layouts_; }
  uint64_t load_bias() const { return bias_; }
  const std::string& go_version() const { return go_version_; }
  const std::string& build_id() const { return binary_->image().go_build_id(); }
  // Runtime address of a global; throws ReadError when the binary lacks it.
  uint64_t Global(std::string_view name) const;
  std::optional<uint64_t> MaybeGlobal(std::string_view name) const;
  const CoreThread* ThreadById(int64_t tid) const;
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  Target() = default;
  void CheckBuildId();
  void ReadGoVersion();
  void ReadLayouts();

  std::unique_ptr<ElfCore> core_;
  std::unique_ptr<GoBinary> binary_;
  std::unique_ptr<AddressSpace> memory_;
  std::unique_ptr<Symbolizer> symbolizer_;
  RuntimeLayouts layouts_;
  uint64_t bias_ = 0;
  std::string go_version_;
  std::vector<std::string> warnings_;
};

}  // namespace gf

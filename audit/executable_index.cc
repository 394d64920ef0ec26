#include "audit/executable_index.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "gruntime/core_build_id.h"
#include "readers/elf_core.h"
#include "readers/go_build_id_note.h"
#include "readers/read_error.h"

namespace gf {
namespace {

std::string BuildIdOfFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::vector<uint8_t> page(4096);
  ssize_t got = ::pread(fd, page.data(), page.size(), 0);
  ::close(fd);
  if (got <= 0) return {};
  page.resize(static_cast<size_t>(got));
  return FindGoBuildIdNote(page);
}

}  // namespace

ExecutableIndex::ExecutableIndex(const std::vector<AuditInput>& inputs, const std::vector<std::string>& exe_dirs) {
  for (const auto& in : inputs)
    if (in.identity.kind == InputKind::kExecutable && in.identity.compression == Compression::kNone) Add(in.path);
  for (const auto& dir : exe_dirs) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec)) Add(it->path().string());
  }
}

void ExecutableIndex::Add(const std::string& path) {
  std::string id = BuildIdOfFile(path);
  if (!id.empty()) by_build_id_.emplace(id, path);
}

std::string ExecutableIndex::ExecutableFor(const ElfCore& core) const {
  auto exe = ExecutableOfCore(core);
  if (!exe) throw ReadError(core.path(), "does not name its executable (no NT_FILE mapping at the entry point)");
  if (!exe->build_id.empty()) {
    auto it = by_build_id_.find(exe->build_id);
    if (it != by_build_id_.end()) return it->second;
  }
  if (std::filesystem::exists(exe->path) && (exe->build_id.empty() || BuildIdOfFile(exe->path) == exe->build_id))
    return exe->path;
  throw ReadError(core.path(), "no executable with its Go build ID " +
                                   (exe->build_id.empty() ? std::string("(not dumped)") : exe->build_id) +
                                   " among the inputs or --exe-dir (it ran " + exe->path + ")");
}

}  // namespace gf

#include "reports/human_duration.h"

#include <cstdio>

namespace gf {

std::string HumanDuration(int64_t ns) {
  char buf[32];
  double v = static_cast<double>(ns);
  if (ns >= 1'000'000'000) std::snprintf(buf, sizeof buf, "%.3gs", v / 1e9);
  else if (ns >= 1'000'000) std::snprintf(buf, sizeof buf, "%.3gms", v / 1e6);
  else if (ns >= 1'000) std::snprintf(buf, sizeof buf, "%.3gµs", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
  return buf;
}

}  // namespace gf

# Sourced by ./mvnw and ./zg: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is new enough, then the java on PATH, then the usual install
# folders (highest version wins). Prints one clear line and exits when none is found.

zg_jdk_major() {
  # Prints the feature version of the JDK at $1 (e.g. 21), or nothing.
  _home=$1
  [ -x "$_home/bin/java" ] && [ -x "$_home/bin/javac" ] || return 0
  if [ -f "$_home/release" ]; then
    _v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$_home/release" | head -n 1)
  else
    _v=$("$_home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  _v=${_v#1.}
  printf '%s\n' "${_v%%[!0-9]*}"
}

zg_find_jdk() {
  _min=21
  if [ -n "${JAVA_HOME-}" ]; then
    _m=$(zg_jdk_major "$JAVA_HOME")
    if [ -n "$_m" ] && [ "$_m" -ge "$_min" ]; then ZG_JDK_MAJOR=$_m; return 0; fi
  fi
  _best= _bestv=0
  _onpath=$(command -v javac 2>/dev/null || true)
  if [ -n "$_onpath" ]; then
    _onpath=$(readlink -f "$_onpath" 2>/dev/null || printf '%s' "$_onpath")
    set -- "${_onpath%/bin/javac}"
  else
    set --
  fi
  for _c in "$@" /usr/lib/jvm/* /usr/java/* /usr/local/java/* /opt/java/* /opt/jdk* \
            /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
            /Library/Java/JavaVirtualMachines/*/Contents/Home \
            "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/*; do
    [ -d "$_c" ] || continue
    _m=$(zg_jdk_major "$_c")
    [ -n "$_m" ] || continue
    if [ "$_m" -ge "$_min" ] && [ "$_m" -gt "$_bestv" ]; then _best=$_c _bestv=$_m; fi
  done
  if [ -z "$_best" ]; then
    echo "zg: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
    exit 1
  fi
  JAVA_HOME=$_best ZG_JDK_MAJOR=$_bestv
  export JAVA_HOME
}

case $- in *f*) set +f; zg_find_jdk; set -f ;; *) zg_find_jdk ;; esac

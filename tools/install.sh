#!/usr/bin/env bash
# One-command, idempotent set-up of the GeRSP toolbox.
#
# Installs into the active virtualenv / conda env, or creates ./.venv.
# Steps: torch + torchvision (matching pair) -> mmcv 2.1.0 built from source
# with its compiled ops (wheel cached outside the checkout, keyed by Python,
# torch and CUDA) -> mmengine, mmdet, mmpretrain, mmsegmentation and the
# runtime requirements -> this project in editable mode -> NVIDIA DALI where
# a wheel exists (optional).
#
# Environment:
#   GERSP_CACHE   where built wheels are kept (default ~/.cache/gersp)
#   PYTHON        interpreter used to create .venv (default python3.11/python3)
#   FORCE=1       re-run every step even if the environment looks complete
#   GERSP_DALI=0  leave out NVIDIA DALI (the optional GPU data path)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONSTRAINTS="$ROOT/requirements/constraints.txt"
CACHE="${GERSP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gersp}"
START=$(date +%s)

say() { printf '[install] %s\n' "$*"; }
pin() { grep -E "^$1==" "$CONSTRAINTS" | head -n1 | cut -d= -f3; }

# --- 1. the Python environment ------------------------------------------------
if [[ -n "${VIRTUAL_ENV:-}" ]]; then
  PY="$VIRTUAL_ENV/bin/python"
  say "using the active virtualenv $VIRTUAL_ENV"
elif [[ -n "${CONDA_PREFIX:-}" ]]; then
  PY="$CONDA_PREFIX/bin/python"
  say "using the active conda env $CONDA_PREFIX"
else
  if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
    BASE_PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
    say "creating $ROOT/.venv with $BASE_PY"
    "$BASE_PY" -m venv "$ROOT/.venv"
  fi
  PY="$ROOT/.venv/bin/python"
  say "using $ROOT/.venv"
fi
PIP=("$PY" -m pip --disable-pip-version-check)
# pip, minus the warnings about local index folders that lack a package.
pip_run() {
  local status
  set +e
  "${PIP[@]}" "$@" 2>&1 | grep -v "is ignored: it is neither a file nor a directory"
  status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

STAMP="$("$PY" -c 'import sys; print(sys.prefix)')/.gersp-install-stamp"
WANT_STAMP="$(cat "$CONSTRAINTS" "$ROOT"/requirements/*.txt "$ROOT/setup.py" | sha256sum | cut -c1-16)"
if [[ -z "${FORCE:-}" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT_STAMP" ]] \
   && "$PY" -c 'from mmselfsup.utils import check_stack; check_stack()' >/dev/null 2>&1; then
  say "environment is up to date ($(( $(date +%s) - START )) s)"
  exit 0
fi

pip_run install -q --upgrade pip

# --- 2. torch + torchvision ---------------------------------------------------
TORCH_V="$(pin torch)"; TV_V="$(pin torchvision)"
say "installing torch==$TORCH_V torchvision==$TV_V"
pip_run install -q "torch==$TORCH_V" "torchvision==$TV_V"

# --- 3. mmcv with compiled ops ------------------------------------------------
MMCV_V="$(pin mmcv)"
PY_TAG="$("$PY" -c 'import sys; print(f"cp{sys.version_info.major}{sys.version_info.minor}")')"
# cpu or cu<version>[-<arch list>], and a line saying why (FORCE_CUDA,
# TORCH_CUDA_ARCH_LIST, a GPU without the CUDA toolkit: see the script)
CUDA_TAG="$(PYTHONPATH="$ROOT" "$PY" "$ROOT/tools/mmcv_build_plan.py" 2> >(sed 's/^/[install] /' >&2))"
KEY="mmcv-$MMCV_V-$PY_TAG-torch$TORCH_V-$CUDA_TAG-$(uname -m)"
WHEEL_DIR="$CACHE/wheels/$KEY"
have_mmcv_ops() {
  "$PY" -c "import mmcv, mmcv.ops; assert mmcv.__version__ == '$MMCV_V'" >/dev/null 2>&1
}
if have_mmcv_ops && [[ -f "$WHEEL_DIR/.built" ]]; then
  say "mmcv $MMCV_V with ops already installed"
else
  if [[ ! -f "$WHEEL_DIR/.built" ]]; then  # written after the wheel is copied
    pip_run install -q -r "$ROOT/requirements/build.txt"
    BUILD="$(mktemp -d)"
    trap 'rm -rf "$BUILD"' EXIT
    pip_run download -q --no-deps --no-binary :all: --no-build-isolation \
      -d "$BUILD" "mmcv==$MMCV_V"
    tar -xzf "$BUILD"/mmcv-"$MMCV_V".tar.gz -C "$BUILD"
    SRC="$BUILD/mmcv-$MMCV_V"
    # torch >= 2.14 headers need C++20; mmcv forces -std=c++17 for torch > 1.12.
    sed -i 's/c++17/c++20/g' "$SRC/setup.py"
    T0=$(date +%s)
    MMCV_WITH_OPS=1 MAX_JOBS="${MAX_JOBS:-$(nproc)}" FORCE_CUDA=$([[ "$CUDA_TAG" == cpu ]] && echo 0 || echo 1) \
      pip_run wheel -q --no-build-isolation --no-deps --no-cache-dir -w "$BUILD/dist" "$SRC"
    mkdir -p "$WHEEL_DIR"
    cp "$BUILD"/dist/mmcv-*.whl "$WHEEL_DIR/"
    touch "$WHEEL_DIR/.built"
    say "mmcv built in $(( $(date +%s) - T0 )) s, cached in $WHEEL_DIR"
  else
    say "using cached mmcv wheel from $WHEEL_DIR"
  fi
  pip_run install -q --no-deps --no-cache-dir --force-reinstall "$WHEEL_DIR"/mmcv-*.whl
fi

# --- 4. the rest of the stack and this project --------------------------------
say "installing mmengine, mmdet, mmpretrain, mmsegmentation and runtime requirements"
pip_run install -q -c "$CONSTRAINTS" "mmcv==$MMCV_V" \
  -r "$ROOT/requirements/mminstall.txt" -r "$ROOT/requirements/runtime.txt" \
  -r "$ROOT/requirements/tests.txt" -r "$ROOT/requirements/optional.txt"
pip_run install -q --no-deps --no-build-isolation -e "$ROOT"

# --- 5. NVIDIA DALI, optional (GeRSP_dali.py; Linux wheels only) ------------
if [[ "${GERSP_DALI:-1}" != 0 ]]; then
  if pip_run install -q -c "$CONSTRAINTS" -r "$ROOT/requirements/dali.txt"; then
    say "NVIDIA DALI installed (GeRSP_dali.py)"
  else
    say "warning: no NVIDIA DALI wheel for this platform; GeRSP_dali.py and its tests are unavailable, the rest is unaffected"
  fi
fi

"$PY" -c 'import mmselfsup, mmcv.ops, mmdet, mmseg, mmpretrain; cuda = mmcv.ops.get_compiling_cuda_version(); print("[install] check: mmselfsup", mmselfsup.__version__, "| mmcv", mmcv.__version__, "with", "CPU-only ops" if cuda == "not available" else f"ops built for CUDA {cuda}")'
if [[ "$CUDA_TAG" != cpu ]] && [[ "$("$PY" -c 'import mmcv.ops; print(mmcv.ops.get_compiling_cuda_version())')" == "not available" ]]; then
  say "error: a CUDA build of mmcv's ops was planned ($CUDA_TAG), but the installed ops are CPU-only; remove $WHEEL_DIR and rerun with FORCE_CUDA=1"
  exit 1
fi
echo "$WANT_STAMP" > "$STAMP"
say "done in $(( $(date +%s) - START )) s"

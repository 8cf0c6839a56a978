//! How the window is drawn on a computer without a usable GPU.
//!
//! WebKitGTK paints a page with Skia on the GPU, through OpenGL. Where no
//! GPU can be used (no DRM render node under `/dev/dri` that this user may
//! open: virtual desktops, remote sessions, many municipal thin clients, and
//! CI under Xvfb), Mesa runs that OpenGL on the processor (llvmpipe), and
//! every frame costs tens of milliseconds of both cores. In that case the
//! window has Skia paint on the processor itself, which is several times
//! cheaper there. Measured in the real window (2 cores, Xvfb, size M
//! project, two runs each): a keystroke in the search view to its results
//! drawn, median 53–64 ms with GPU painting on llvmpipe, 33–38 ms with CPU
//! painting; animation frames while idle, 3–5 vs 20–24 a second
//! (BENCHMARKS.md, issue 14). (WebKit's non-composited mode was as fast,
//! 30–32 ms, but WebDriver's screenshots hang in it.)
//!
//! A user's own setting of either variable (any value) is left as it is.

use std::path::Path;

/// The variable WebKitGTK (2.46 and later) reads for CPU painting.
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
/// A user's choice of WebKit's rendering mode, respected as it is.
const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Sets `WEBKIT_SKIA_ENABLE_CPU_RENDERING=1` when this computer has no GPU
/// the user can draw with and the user has not chosen a rendering mode.
///
/// Must be called before any other thread exists (the environment is not
/// safe to change while another thread may read it).
pub fn paint_on_cpu_if_no_gpu() {
    let chosen = [CPU_PAINTING, COMPOSITING]
        .iter()
        .any(|v| std::env::var_os(v).is_some());
    if cfg!(target_os = "linux") && !chosen && !usable_gpu(Path::new("/dev/dri")) {
        // SAFETY: called first thing in `run`, before the app, Tauri or
        // WebKit start a thread; nothing reads the environment meanwhile.
        unsafe { std::env::set_var(CPU_PAINTING, "1") };
    }
}

/// Whether `dri` (normally `/dev/dri`) holds a render node (`renderD*`)
/// this process may open for reading and writing, as Mesa must to use it.
fn usable_gpu(dri: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dri) else {
        return false;
    };
    entries.flatten().any(|e| {
        e.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(e.path())
                .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::usable_gpu;

    #[test]
    fn a_gpu_is_usable_only_through_a_render_node_that_opens() {
        let dir = std::env::temp_dir().join(format!("tematik-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!usable_gpu(&dir.join("missing")), "no /dev/dri at all");
        assert!(!usable_gpu(&dir), "an empty /dev/dri");
        std::fs::write(dir.join("card0"), b"").unwrap();
        assert!(!usable_gpu(&dir), "a card node alone is not a render node");
        std::fs::create_dir(dir.join("renderD128")).unwrap();
        assert!(
            !usable_gpu(&dir),
            "a render node that cannot be opened for writing"
        );
        std::fs::remove_dir(dir.join("renderD128")).unwrap();
        std::fs::write(dir.join("renderD128"), b"").unwrap();
        assert!(usable_gpu(&dir), "a render node this user may open");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

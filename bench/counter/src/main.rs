//! A button that counts its clicks: the Leptos floor for the bundle benchmark.
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let (count, set_count) = signal(0);
        view! {
            <main>
                <button on:click=move |_| set_count.update(|n| *n += 1)>
                    "Clicked " {count} " times"
                </button>
            </main>
        }
    });
}

/* Included into every C file compiled in the build root (installer/buildroot.sh).
 * glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions; code compiled against
 * bullseye's glibc (2.31) would need GLIBC_2.29. Binding them to the versions every glibc since 2.2.5 has
 * keeps the interpreter and SQLite loadable on glibc 2.28 (UOS V20). */
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver exp,exp@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
__asm__(".symver exp2,exp2@GLIBC_2.17");
__asm__(".symver log2,log2@GLIBC_2.17");
#endif

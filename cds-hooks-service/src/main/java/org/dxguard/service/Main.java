package org.dxguard.service;

/** Placeholder entry point; replaced by the command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("dxguard");
    }
}

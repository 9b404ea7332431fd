from django.shortcuts import render


def home(request):
    return render(request, "forum/home.html")


def guidelines(request):
    return render(request, "forum/guidelines.html")
